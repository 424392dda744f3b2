"""The policy self-lint rules (PRV100-PRV107) as data: code, name, explanation, hint and examples.

``privlint rule PRV10x`` prints these; ``policy_model.lint`` emits findings carrying the same codes.
The examples are fragments of a policy file: ``invalid`` triggers the rule, ``valid`` is the fix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LintRule:
    code: str
    name: str
    summary: str
    explanation: str
    hint: str
    invalid: str
    valid: str


LINT_RULES: tuple[LintRule, ...] = (
    LintRule(
        code="PRV100",
        name="invalid-policy-file",
        summary="The policy file cannot be read: YAML syntax, empty file, duplicate key or schema violation.",
        explanation=(
            "privlint only checks code against a policy it fully understands. A file that is not valid YAML, "
            "is empty, repeats a key, or breaks the JSON Schema (`privlint policy schema`) stops the run with "
            "exit code 2 and a FILE:LINE:COL message per problem."
        ),
        hint="Fix the file at the reported position; `privlint policy schema` prints the expected format.",
        invalid="privlint: 1.0\ncontroller: {name: Acme, region: EEA}\n",
        valid='privlint: "1.0"\ncontroller: {name: Acme, region: EEA}\n',
    ),
    LintRule(
        code="PRV101",
        name="unknown-taxonomy-key",
        summary="A data category, data use or data subject is not in the fideslang taxonomy or its extensions.",
        explanation=(
            "Keys are fideslang 3.1 taxonomy keys (85 data categories, 56 data uses, 15 data subjects). A "
            "misspelt or pre-2.0 key (`user.contact.state`) matches nothing the analyzer finds, so the "
            "promise it encodes is silently unchecked. New keys go under `taxonomy.extensions`, one level "
            "below an existing parent."
        ),
        hint="Use the suggested key, or declare an extension under an existing parent.",
        invalid="categories:\n  - key: user.contact.emial\n",
        valid="categories:\n  - key: user.contact.email\n",
    ),
    LintRule(
        code="PRV102",
        name="dangling-reference",
        summary="A reference names a category, purpose or recipient that the policy does not declare.",
        explanation=(
            "Purposes and recipients may only use declared categories, recipients may only serve declared "
            "purposes, and every category a recipient receives must be used by one of its purposes; "
            "transfers, prohibitions and bindings must name declared recipients and categories. A dangling "
            "reference means the policy says two different things."
        ),
        hint="Declare the missing entry or fix the reference.",
        invalid="transfers:\n  - recipient: strpe\n    destination: US\n    mechanism: scc\n",
        valid="transfers:\n  - recipient: stripe\n    destination: US\n    mechanism: scc\n",
    ),
    LintRule(
        code="PRV103",
        name="prohibition-contradicts-permission",
        summary="A prohibition forbids what another part of the policy permits.",
        explanation=(
            "A negative promise (no_storage, no_logging, no_cookies, no_third_party, anonymised_only, no_sale, "
            "no_use) overlaps a permission: a retention period for data that is never stored, a recipient allowed "
            "to receive data the policy says it never gets, a sale purpose for data that is never sold. "
            "Readers cannot tell which statement holds (PolicyLint's 'ambiguous')."
        ),
        hint="Narrow the permission or the prohibition so that they no longer overlap.",
        invalid=(
            "categories:\n  - key: user.financial.credit_card\n    retention: {duration: P1Y}\n"
            "prohibitions:\n  - {id: no-card-storage, rule: no_storage, categories: [user.financial.credit_card]}\n"
        ),
        valid=(
            "categories:\n  - key: user.financial.credit_card\n    retention: {duration: PT0S}\n"
            "prohibitions:\n  - {id: no-card-storage, rule: no_storage, categories: [user.financial.credit_card]}\n"
        ),
    ),
    LintRule(
        code="PRV104",
        name="transfer-without-mechanism",
        summary="Personal data leaves the controller's region without an adequacy decision or safeguard.",
        explanation=(
            "GDPR Chapter V: a transfer to a third country needs an adequacy decision (Art. 45) or an "
            "appropriate safeguard such as SCCs or BCRs (Art. 46), or a derogation (Art. 49). Raised for a "
            "transfer without `mechanism`, for `adequacy` to a country not on the shipped, dated adequacy "
            "list (or a partial decision without the certification it depends on, e.g. the US without "
            "`certification: dpf`), and for a recipient located outside the region with no transfer entry."
        ),
        hint="Add a transfer with a mechanism (adequacy, scc, bcr, ...) for the recipient and destination.",
        invalid="transfers:\n  - recipient: sendgrid\n    destination: US\n",
        valid="transfers:\n  - recipient: sendgrid\n    destination: US\n    mechanism: scc\n",
    ),
    LintRule(
        code="PRV105",
        name="purpose-without-legal-basis",
        summary="A purpose has no legal basis (GDPR Art. 6), or uses special categories without an Art. 9 condition.",
        explanation=(
            "Every processing activity needs one of the six Art. 6 legal bases; processing special "
            "categories (Art. 9: health, biometrics, beliefs...) additionally needs an Art. 9 condition "
            "(`art9_basis`). The fideslang keys for biometric, health, racial or ethnic origin, religious "
            "belief, political opinion, sexual orientation and criminal-history data count as special "
            "whether or not the category is marked `special_category: true`."
        ),
        hint="Add `legal_basis:` (consent, contract, legal_obligation, vital_interests, public_task, "
        "legitimate_interests) and, for special categories, `art9_basis:`.",
        invalid="purposes:\n  - key: analytics.reporting\n    categories: [user.behavior]\n",
        valid="purposes:\n  - key: analytics.reporting\n    legal_basis: consent\n    categories: [user.behavior]\n",
    ),
    LintRule(
        code="PRV106",
        name="category-without-retention",
        summary="A declared data category has no retention period (and no declared parent category has one).",
        explanation=(
            "GDPR Art. 5(1)(e), 13(2)(a) and 30(1)(f): say how long each category is kept. Retention is an "
            "ISO-8601 duration plus the event that starts the clock (PT0S: never stored)."
        ),
        hint="Add `retention: {duration: P30D, trigger: account_closure}` to the category.",
        invalid="categories:\n  - key: user.contact.email\n",
        valid="categories:\n  - key: user.contact.email\n    retention: {duration: P30D, trigger: account_closure}\n",
    ),
    LintRule(
        code="PRV107",
        name="policy-todo",
        summary="A TODO is left in the policy file (reported only by `privlint policy validate --strict`).",
        explanation=(
            "`privlint policy init` writes a policy that validates at once but marks every guess and every "
            "decision it cannot make (legal basis, retention, transfer mechanism, recipient role, the controller) "
            "with a `TODO` comment. The file is usable while they stay, so neither `validate` nor `check` reports "
            "them; `privlint policy validate --strict` lists each `TODO` written anywhere in the file and exits 1, "
            "to gate a release or a privacy review on a finished policy."
        ),
        hint="Settle the decision the comment describes, then delete the TODO marker.",
        invalid="purposes:\n  - key: analytics.reporting\n    legal_basis: consent  # TODO: guessed\n"
        "    categories: [user.behavior]\n",
        valid="purposes:\n  - key: analytics.reporting\n    legal_basis: consent\n    categories: [user.behavior]\n",
    ),
)

RULES_BY_CODE: dict[str, LintRule] = {rule.code: rule for rule in LINT_RULES}


def lint_rule(code: str) -> LintRule | None:
    return RULES_BY_CODE.get(code.upper())
