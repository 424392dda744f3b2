"""What a privlint rule is: a record of its documentation plus, for code-vs-policy rules, a check.

Every rule carries, in one place, what a reviewer and a developer need (Fixit style): a stable
code, a slug, a default severity, a one-paragraph explanation, the policy statement it protects,
a fix hint, and VALID / INVALID examples. ``privlint rule CODE`` prints these records, the SARIF
``tool.driver.rules`` are generated from them, and the examples are run as tests, so the
documentation cannot drift from the behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, ClassVar

from privlint.types import Flow, Location

if TYPE_CHECKING:
    from policy_model.model import Policy, Position
    from privlint.catalogue import Catalogue

HELP_URI = "https://privlint.readthedocs.io/en/latest/rules/{code}.html"


@dataclass(frozen=True)
class Example:
    """A runnable illustration: Python files and a policy; the rule fires on INVALID ones only.

    ``policy`` is a YAML document in the policy schema; ``files`` maps relative paths to source.
    """

    files: Mapping[str, str]
    policy: str
    note: str = ""


@dataclass(frozen=True)
class RuleDoc:
    """The documentation record of a rule; also used for rules whose logic lives elsewhere
    (PRV1xx in ``policy_model``, PRV000/PRV001 in the engine, PRV9xx in ``suppressions``)."""

    code: str
    name: str  # slug, e.g. "recipient-not-declared-for-category"
    severity: str  # error | warning | info
    summary: str  # one line
    explanation: str  # one paragraph: why it matters
    protects: str  # the policy statement the rule protects
    fix: str  # what to do about it
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()

    @property
    def help_uri(self) -> str:
        return HELP_URI.format(code=self.code)


@dataclass(frozen=True)
class Violation:
    """What a flow rule reports: the finding is assembled from it by the runner."""

    message: str
    clause: str  # e.g. "recipients[mixpanel].categories"
    clause_position: Position | None = None
    statement: str = ""  # the policy sentence, where the policy states one
    hint: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # facts later steps match on (PRV205: the destinations)


@dataclass
class CheckContext:
    """Everything a rule may consult besides the flow: the policy, the catalogue, the config."""

    policy: Policy
    catalogue: Catalogue | None = None
    purposes_by_path: Sequence[tuple[str, str]] = ()  # (glob, purpose) from config, then policy bindings
    _sanitizer_kinds: dict[str, str | None] = field(default_factory=dict)

    def policy_recipient(self, recipient_id: str | None):  # -> policy_model.Recipient | None
        if recipient_id is None:
            return None
        return next((r for r in self.policy.recipients if r.id == recipient_id), None)

    def sanitizer_kind(self, flow: Flow) -> str | None:
        """The catalogue's kind (hash, tokenize, redact, anonymize, truncate, encrypt) of the
        sanitiser a flow went through; ``"unknown"`` when sanitised by something uncatalogued."""
        if not flow.sanitized:
            return None
        name = flow.sanitizer or ""
        if name not in self._sanitizer_kinds:
            from privlint.catalogue import pattern_matches

            rules = self.catalogue.sanitizers if self.catalogue else ()
            kind = next((r.kind for r in rules if name and pattern_matches(r.pattern, name)), None)
            self._sanitizer_kinds[name] = kind or _kind_from_name(name)
        return self._sanitizer_kinds[name]

    def path_purpose(self, path: str) -> str | None:
        """The purpose a module/path mapping gives to code at ``path`` (first matching glob wins)."""
        for pattern, purpose in self.purposes_by_path:
            if fnmatchcase(path, pattern) or fnmatchcase(path, pattern.rstrip("/") + "/*"):
                return purpose
        return None


_NAME_KINDS = (
    ("anonymi", "anonymize"),
    ("hash", "hash"),
    ("sha", "hash"),
    ("md5", "hash"),
    ("blake", "hash"),
    ("token", "tokenize"),
    ("redact", "redact"),
    ("mask", "redact"),
    ("encrypt", "encrypt"),
    ("fernet", "encrypt"),
    ("trunc", "truncate"),
)


def _kind_from_name(name: str) -> str:
    lowered = name.lower()
    return next((kind for word, kind in _NAME_KINDS if word in lowered), "unknown")


#: Sanitiser kinds whose output privlint accepts where a rule demands data that no longer
#: identifies the person directly (``no_storage``, ``no_logging``): hashing, tokenisation,
#: redaction, truncation and anonymisation. Encryption is reversible by whoever holds the key.
DEIDENTIFYING_KINDS = frozenset({"hash", "tokenize", "redact", "anonymize", "truncate", "unknown"})
#: What ``requires: pseudonymised`` accepts: everything above, and encryption.
PSEUDONYMISING_KINDS = DEIDENTIFYING_KINDS | {"encrypt"}
#: What "anonymised only" (``anonymised_only``, ``requires: anonymised``) accepts. A hash or a token of
#: an email is still personal data (GDPR Recital 26; WP29 Opinion 05/2014 on anonymisation): the
#: recipient can link it across datasets or reverse it by dictionary. Only anonymisation proper
#: (aggregation, generalisation) and truncation that drops the identifying part qualify.
ANONYMISING_KINDS = frozenset({"anonymize", "truncate"})


class FlowRule:
    """A code-vs-policy rule judged one flow at a time.

    Subclasses set ``DOC`` and implement ``check``. ``SUPERSEDED_BY`` lists codes that, when they
    fire for the same flow, make this rule silent: one root cause, one finding (an undeclared
    recipient is not also "not declared for the category").
    """

    DOC: ClassVar[RuleDoc]
    SUPERSEDED_BY: ClassVar[tuple[str, ...]] = ()

    def check(self, flow: Flow, ctx: CheckContext) -> Iterable[Violation]:
        raise NotImplementedError


class ProjectRule:
    """A rule judged over all flows at once (reviewer information such as unused declarations)."""

    DOC: ClassVar[RuleDoc]

    def check_project(self, flows: Sequence[Flow], ctx: CheckContext) -> Iterable[tuple[Location, Violation]]:
        raise NotImplementedError


#: Sanitiser kinds after which the value no longer relates to an identifiable person: anonymisation,
#: and truncation (an IPv4 address with its host octet zeroed, the last four digits of a card).
NON_PERSONAL_KINDS = frozenset({"anonymize", "truncate"})


def is_personal(flow: Flow, ctx: CheckContext) -> bool:
    """Anonymised or truncated data is no longer personal data: no code-vs-policy rule applies."""
    return ctx.sanitizer_kind(flow) not in NON_PERSONAL_KINDS


def category_declared(policy: Policy, category: str) -> bool:
    from policy_model.model import covers

    return any(covers(c.key, category) for c in policy.categories)


def setting_of(flow: Flow) -> str | None:
    """The SDK setting a configuration sink's flow comes from (``send_default_pii=True``), else None."""
    from privlint.catalogue import SETTING_EVIDENCE

    evidence = flow.source.evidence
    return evidence[len(SETTING_EVIDENCE) :] if evidence.startswith(SETTING_EVIDENCE) else None


def how_sent(flow: Flow) -> str:
    """`` via stripe.Customer.create``, or `` through the setting send_default_pii=True of sentry_sdk.init``."""
    setting = setting_of(flow)
    if setting is not None:
        return f" through the setting {setting} of {flow.sink.callee}"
    return f" via {flow.sink.callee}" if flow.sink.callee else ""


def any_covers(declared: Iterable[str], category: str) -> bool:
    from policy_model.model import covers

    return any(covers(d, category) for d in declared)
