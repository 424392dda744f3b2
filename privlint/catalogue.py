"""The knowledge privlint has of the Python ecosystem, as plain data.

Plugins (built-in and third-party) contribute these records through the hooks in
``privlint.hookspecs``; the engine only *matches* them and never names a vendor itself. Keeping
the catalogue as data is what lets a company teach privlint its in-house SDK from YAML.

Qualified-name patterns are dotted paths matched segment by segment:

* ``stripe.Customer.create``       an exact call;
* ``mixpanel.Mixpanel().track``     ``X()`` is "an instance returned by calling X", so a client
                                    created once (``mp = Mixpanel(token)``) and used later matches;
* ``boto3.client(ses).send_email``  a factory call whose first literal argument is ``ses``;
* ``*`` matches exactly one segment, a trailing ``**`` any number (``stripe.**``).
Matching always respects dot boundaries (``stripe`` never matches ``stripey``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Examples:
    """Code snippets kept next to the knowledge they test (Fixit style).

    ``flows``: snippets in which the record must produce a flow (for a recipient: a flow to it);
    ``no_flows``: look-alikes in which it must not. ``tests/plugins`` runs every active plugin's
    examples through the engine, so knowledge and its tests never drift apart.
    """

    flows: tuple[str, ...] = ()
    no_flows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recipient:
    """A third party personal data can be sent to (processor, sub-processor, partner)."""

    id: str  # stable lowercase id: "stripe", "mixpanel"
    name: str
    kind: str  # policy_model.recipient_kinds: payment, email, sms, analytics, error_monitoring, ...
    locations: tuple[str, ...] = ()  # ISO-3166 alpha-2 codes or groups ("EEA")
    packages: tuple[str, ...] = ()  # importable top-level modules of its SDK
    hosts: tuple[str, ...] = ()  # API hosts; a leading "." means any subdomain
    plugin: str = ""
    docs: str = ""
    examples: Examples = Examples()
    # calls that install the vendor's automatic capture of unhandled exceptions (``sentry_sdk.init``): where the
    # project makes one, the message of every exception it raises reaches this recipient (the exception sink)
    captures_exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SinkRule:
    """A call that sends data out of the process (or keeps it)."""

    pattern: str
    kind: str  # privlint.types.SINK_KINDS
    recipient: str | None = None
    # Which arguments carry data: "*" every argument, "0"/"1" positions, other strings keywords.
    data_args: tuple[str, ...] = ("*",)
    # For generic HTTP clients: the argument holding the URL, so the host can name the recipient.
    host_arg: str | None = None
    plugin: str = ""
    examples: Examples = Examples()


#: How a configuration sink's flows name their evidence (``Source.evidence``): ``setting send_default_pii=True``.
SETTING_EVIDENCE = "setting "


@dataclass(frozen=True)
class SettingRule:
    """An SDK setting that discloses personal data by itself: a configuration sink.

    ``sentry_sdk.init(send_default_pii=True)`` makes Sentry attach the signed-in user's email and
    username, the client's IP address and its cookies to every event: no call in the code passes that
    data, the setting does. Where ``pattern`` is called with ``keyword`` set to ``value`` (a literal),
    the engine reports a flow of each of ``categories`` to ``recipient`` at that call, with the setting
    as the source's evidence (``setting send_default_pii=True``), so the policy checks judge it like any
    other disclosure ("sentry receives user.device.ip_address through send_default_pii=True").
    """

    pattern: str  # the call taking the setting: sentry_sdk.init, rollbar.init
    keyword: str  # send_default_pii
    value: bool | int | str  # the literal that discloses (True, "always")
    categories: tuple[str, ...]
    recipient: str
    plugin: str = ""
    docs: str = ""
    examples: Examples = Examples()

    @property
    def setting(self) -> str:
        """The setting as written in code: ``send_default_pii=True``."""
        return f"{self.keyword}={self.value!r}"

    @property
    def evidence(self) -> str:
        return SETTING_EVIDENCE + self.setting

    def matches_value(self, value: object) -> bool:
        """Literal equality of the same type (``True`` is not ``1``)."""
        return type(value) is type(self.value) and value == self.value


@dataclass(frozen=True)
class SourceRule:
    """An expression that yields personal data whatever its name (framework accessors).

    ``pattern`` is an access path: ``flask.request.remote_addr``,
    ``flask.request.headers[X-Forwarded-For]`` (subscript/``.get`` with that literal key),
    or, for objects that arrive as parameters rather than imports, a leading ``$name``:
    ``$request.META[REMOTE_ADDR]`` (any parameter or variable called ``request``).
    """

    pattern: str
    category: str
    evidence: str = ""
    plugin: str = ""
    examples: Examples = Examples()


@dataclass(frozen=True)
class FieldTypeRule:
    """A declared field type that fixes the category of the field (``models.EmailField``)."""

    pattern: str  # qualified name of the field class or type annotation
    category: str
    plugin: str = ""
    examples: Examples = Examples()


@dataclass(frozen=True)
class IdentifierRule:
    """Words in an identifier that name a category (``email``, ``phone number``).

    ``phrases`` are word sequences matched against the identifier split into words
    (snake_case, camelCase). ``needs_subject``: the phrase alone is too vague (``name``) and only
    counts on a person-like receiver (``user.name``, ``customer_name``).
    """

    category: str
    phrases: tuple[tuple[str, ...], ...]
    needs_subject: bool = False
    plugin: str = ""
    # the subject words this rule needs, when not the catalogue's person words: the ``body`` of a ticket, a
    # comment or a review is what a person wrote, the ``body`` of a request or an email template is not
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class SanitizerRule:
    """A call whose result no longer identifies the person (hash, token, redaction)."""

    pattern: str
    kind: str  # hash | tokenize | redact | anonymize | truncate | encrypt
    plugin: str = ""
    examples: Examples = Examples()


@dataclass(frozen=True)
class SinkSwitch:
    """A call that changes what a kind of sink does for the whole project.

    Where the project calls ``pattern`` (Flask-Session's ``flask_session.Session``), flows at sinks whose callee
    starts with ``callee_prefix`` (``flask.session``) are of ``kind`` instead (``storage``: the session is kept
    server-side and the cookie holds only its id). Like an error tracker's installer, a fact about the project,
    not about the call that carries the data."""

    pattern: str
    callee_prefix: str
    kind: str
    plugin: str = ""


@dataclass(frozen=True)
class Catalogue:
    """Everything the active plugins contributed, merged."""

    recipients: tuple[Recipient, ...] = ()
    sinks: tuple[SinkRule, ...] = ()
    sources: tuple[SourceRule, ...] = ()
    field_types: tuple[FieldTypeRule, ...] = ()
    identifiers: tuple[IdentifierRule, ...] = ()
    sanitizers: tuple[SanitizerRule, ...] = ()
    settings: tuple[SettingRule, ...] = ()
    switches: tuple[SinkSwitch, ...] = ()
    # Words that, as an identifier's head or modifier, mean "not the person's data"
    # (email_template, ip_version, EMAIL_BACKEND, user_count).
    non_personal_words: frozenset[str] = field(default_factory=frozenset)
    subject_words: frozenset[str] = field(default_factory=frozenset)  # user, customer, person...

    def merged(self, other: Catalogue) -> Catalogue:
        return Catalogue(
            recipients=self.recipients + other.recipients,
            sinks=self.sinks + other.sinks,
            sources=self.sources + other.sources,
            field_types=self.field_types + other.field_types,
            identifiers=self.identifiers + other.identifiers,
            sanitizers=self.sanitizers + other.sanitizers,
            settings=self.settings + other.settings,
            switches=self.switches + other.switches,
            non_personal_words=self.non_personal_words | other.non_personal_words,
            subject_words=self.subject_words | other.subject_words,
        )

    @staticmethod
    def combine(parts: Iterable[Catalogue]) -> Catalogue:
        result = Catalogue()
        for part in parts:
            result = result.merged(part)
        return result

    def recipient(self, recipient_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.id == recipient_id), None)

    def recipient_for_host(self, host: str) -> Recipient | None:
        """The recipient owning ``host`` (exact host or subdomain of a ``.suffix`` entry)."""
        host = host.lower().rstrip(".")
        best: tuple[int, Recipient] | None = None
        for recipient in self.recipients:
            for entry in recipient.hosts:
                if host_matches(host, entry) and (best is None or len(entry) > best[0]):
                    best = (len(entry), recipient)
        return best[1] if best else None

    def digest_material(self) -> str:
        """A stable text of the whole catalogue: part of the cache key. Sets are sorted, because
        their ``repr`` order follows per-process string hashing and would miss the cache every run."""
        parts = [
            f"{name}={sorted(value)!r}" if isinstance(value, frozenset) else f"{name}={value!r}"
            for name, value in vars(self).items()
        ]
        return "\n".join(parts)


def host_matches(host: str, entry: str) -> bool:
    entry = entry.lower()
    if entry.startswith("."):
        return host == entry[1:] or host.endswith(entry)
    return host == entry


@lru_cache(maxsize=4096)
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    segments = pattern.split(".")
    for index, segment in enumerate(segments):
        if segment == "**" and index == len(segments) - 1:
            parts.append(r"(?:\..+)?")
            continue
        piece = ".*" if segment == "**" else re.escape(segment).replace(r"\*", r"[^.]+")
        parts.append(piece if index == 0 else r"\." + piece)
    return re.compile("".join(parts) + r"\Z")


def pattern_matches(pattern: str, qualified_name: str) -> bool:
    """Segment-wise glob match of a catalogue pattern against a resolved qualified name."""
    return _pattern_regex(pattern).match(qualified_name) is not None
