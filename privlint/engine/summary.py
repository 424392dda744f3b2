"""The per-file summary: the intermediate representation between parsing and solving.

A summary is a pure function of (file bytes, catalogue): it names no other file, so it can be
computed in parallel, pickled across processes and cached by content hash. Everything that needs
the whole program (which call is a project function, what an imported client is) stays symbolic
here and is resolved by ``privlint.engine.solve``.

Values are described by *labels*, small tuples naming where a value may come from:

* ``("src", k)``    source hit ``k`` of this file (a classified name, typed field, accessor);
* ``("param", p)``  parameter ``p`` of the enclosing function (``p[key]``: its item under a constant key);
* ``("call", i)``   the result of call site ``i`` of the enclosing function;
* ``("self", a)``   attribute ``a`` read from ``self`` (fields written by other methods);
* ``("attr", (a, words))`` attribute ``a`` read from an object whose name/type has ``words``
                    (matched against typed model fields of a class with one of those words);
* ``("model", ref)`` an instance of class ``ref`` made from a request (a FastAPI body): every personal
                    field the class declares.

Callees are *refs*: dotted strings where ``X()`` means "an instance made by calling X" and
``$name`` a parameter or a local whose origin is unknown (``$request.META.get``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The callee of a store into an attribute that may have a hashing setter (``user.password = x``).
STORE_PREFIX = "<store>."
Label = tuple[str, object]
Labels = frozenset[Label]
EMPTY: Labels = frozenset()


@dataclass(frozen=True)
class SourceHit:
    """A value recognised as personal data, with the evidence a reviewer reads."""

    category: str
    line: int
    column: int
    evidence: str
    strength: int  # 5 annotation, 4 typed field, 3 framework accessor, 2 name, 1 keyword/dict key


@dataclass
class CallSite:
    callee: str  # ref, "" when the callee is not a name (a lambda, a subscript)
    line: int
    column: int
    args: tuple[Labels, ...] = ()
    kwargs: tuple[tuple[str, Labels], ...] = ()
    spread: Labels = EMPTY  # *args / **kwargs passed on
    receiver: Labels = EMPTY  # the object a method is called on
    bound: bool = False  # called through an instance (self.m(), C().m()): skip ``self``
    strings: tuple[tuple[str, str], ...] = ()  # argument ("0", "url") -> its constant string value
    purpose: str | None = None  # ``# privlint: purpose=...`` on the call's line
    objects: tuple[str, ...] = ()  # arguments ("0", "owner") that are constructed objects (``user``)
    # ``obj.save(update_fields=["status"])`` writes only the named fields: the categories they name
    # (None when the call writes the whole object)
    written: tuple[str, ...] | None = None
    typed: str = ""  # the callee through a parameter's annotation: ``target: Path`` -> ``pathlib.Path().write_text``
    # arguments whose items are known ("0"/keyword -> ((key, labels), ...)) or that pass on a parameter of
    # the caller whole (-> its name): the callee's ``payload["to"]`` is then that item, not the whole dict
    keyed: tuple[tuple[str, tuple[tuple[str, Labels], ...] | str], ...] = ()


@dataclass
class FunctionSummary:
    qualname: str  # module-qualified: "app.billing.Billing.charge"
    line: int
    params: tuple[str, ...]
    vararg: str | None = None
    kwarg: str | None = None
    kind: str = "function"  # function | method | staticmethod | classmethod | module
    cls: str | None = None
    calls: list[CallSite] = field(default_factory=list)
    returns: Labels = EMPTY
    self_stores: list[tuple[str, Labels, int]] = field(default_factory=list)
    return_ref: str | None = None  # ``return Mixpanel(token)``: what a call of this function gives


@dataclass
class ClassSummary:
    qualname: str
    line: int
    bases: tuple[str, ...] = ()
    attr_refs: dict[str, str] = field(default_factory=dict)  # self.client = Mixpanel() -> "mixpanel.Mixpanel()"


@dataclass
class FieldHit:
    """A class attribute declared with a typed field (``contact = models.EmailField()``)."""

    cls: str
    name: str
    source: int  # index into FileSummary.sources
    # declared by name only (``full_name: str``, ``first_name = Column(String)``): what an instance of the
    # class carries as a whole (a request body), not evidence for an attribute read, which names itself
    named: bool = False


@dataclass
class FileSummary:
    path: str
    module: str
    bindings: dict[str, str] = field(default_factory=dict)  # module-level name -> ref
    constants: dict[str, str] = field(default_factory=dict)  # module-level name -> string value
    functions: list[FunctionSummary] = field(default_factory=list)
    classes: list[ClassSummary] = field(default_factory=list)
    sources: list[SourceHit] = field(default_factory=list)
    fields: list[FieldHit] = field(default_factory=list)
    # module-level dicts of callables (``PROVIDERS = {"sms": send_sms, ...}``): name -> the refs of its values,
    # so ``PROVIDERS[channel](addr, text)`` calls each of them
    dispatch: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # attributes whose property setter (or ``set_<attr>`` method) hashes what it is given
    # (``@password.setter`` calling ``generate_password_hash``): a store into them keeps only a hash
    hashing_setters: list[str] = field(default_factory=list)
    # the file imports a fake-data library (Faker, factory_boy, mimesis, model_bakery): a demo-data generator
    # or a fixture, whose "people" are made up (``privlint.test_code``)
    demo: bool = False
    # calls here that install a vendor's capture of unhandled exceptions: (recipient id, line)
    captures: list[tuple[str, int]] = field(default_factory=list)
    # calls here that switch a kind of sink for the whole project (``catalogue.SinkSwitch``): (callee prefix, kind,
    # line)
    switches: list[tuple[str, str, int]] = field(default_factory=list)
