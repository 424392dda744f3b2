"""Whole-program solving: from per-file summaries to flows.

Each function gets a summary that grows monotonically until nothing changes (a worklist over the
call graph, so cycles terminate): which of its parameters reach which sinks, what its return value
carries (its own parameters or concrete sources), and which parameters it stores in ``self``
fields. A value is a set of *atoms* ``(origin, sanitizer) -> trace`` where the origin is either a
concrete source hit or one of the function's parameters; only the best (shortest) trace of an
atom is kept, which is what makes the iteration finite.

Every dependency the fixpoint follows is recorded (callers, readers and writers of fields, who
asked for an unparsed module), so a solved program can be kept and, after an edit that leaves
every file's interface alone, only the functions that depend on the edited ones are cleared and
solved again (``invalidate``); see ``privlint.engine.incremental``.

One question per module, each layer a class the next one extends (``Solver`` is all of them):

* ``resolution``  what a call is: the function, class, sink or sanitizer a name resolves to;
* ``values``      what a value carries: sources and parameters, fields, dict items;
* ``sinks``       where data leaves: the sink, its recipient and host, the flow it makes;
* ``effects``     what a call does with the data passed: a function's effects, applied at its calls;
* ``fixpoint``    when the program is solved: the solver's state, the worklist, and keeping it.
"""

from privlint.engine.solve.fixpoint import Solution, Solver

__all__ = ["Solution", "Solver"]
