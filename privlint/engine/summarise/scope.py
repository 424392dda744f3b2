"""What the walk knows at a point in a function: the labels of locals, the objects and strings they hold.

A local dict built with constant keys also has one entry per item (``payload[to]``), and a marker that
says whether its keys are all known; ``_item`` and ``_is_exact_dict`` are the one spelling of those
entries. Separate because every layer of the walk reads and writes the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from privlint.engine.summary import ClassSummary, FunctionSummary, Labels

Env = dict[str, Labels]


@dataclass
class _Scope:
    summary: FunctionSummary
    env: Env = field(default_factory=dict)
    objs: dict[str, str] = field(default_factory=dict)  # local -> ref of the object it holds
    strings: dict[str, str] = field(default_factory=dict)  # local -> constant string value
    aliases: dict[str, str] = field(default_factory=dict)  # function-level imports
    types: dict[str, str] = field(default_factory=dict)  # parameter -> its annotated class ref
    globals: set[str] = field(default_factory=set)  # names declared ``global`` in this function
    self_name: str | None = None
    cls: ClassSummary | None = None
    call_ids: dict[int, int] = field(default_factory=dict)
    return_refs: list[str] = field(default_factory=list)
    nested: bool = False  # values were stored under dotted paths (``user.profile``): attribute reads look there
    dict_seen: bool = False  # a dict literal was bound here: rebinding a name marks its items unknown


_EXACT: Labels = frozenset({("exact", "")})
_INEXACT: Labels = frozenset({("inexact", "")})


def _item(name: str, key: str) -> str:
    """The environment entry of a local dict's item (``payload[to]``); ``payload[]`` marks whether its
    keys are all known (``_EXACT``) or not (``_INEXACT`` in any branch wins when branches merge)."""
    return f"{name}[{key}]"


def _is_exact_dict(env: Env, name: str) -> bool:
    marker = env.get(_item(name, ""))
    return marker is not None and ("inexact", "") not in marker
