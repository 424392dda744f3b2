"""``privlint policy init``: a first policy, written from what the code does.

Scans PATHS like ``privlint scan`` (same engine options), derives the policy the flows need
(``privlint.policy_draft``) and writes it with a ``TODO`` on every guess (``privlint.policy_draft_yaml``).
The file goes to ``-o FILE``, else ``[tool.privlint] policy``, else ``privacy-policy.yaml`` in the
working directory; an existing file is never overwritten without ``--force`` (exit 2, with a hint).
The scan uses the root ``privlint check`` will use with the written policy, so path mappings
(``[tool.privlint.purposes]``) match the same paths. A scan a plugin could not finish (PRV000) writes
nothing: a policy drafted from part of the code would pass ``check`` for the wrong reasons.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from privlint.commands import options
from privlint.config import Config
from privlint.errors import UsageError
from privlint.terminal import visible
from privlint.types import ExitCode

STDOUT = "-"


def run(args: argparse.Namespace) -> int:
    from policy_model import PolicyError, lint, load_text
    from policy_model.todos import todos
    from privlint import pipeline
    from privlint.config import discover_policy, purposes_by_path
    from privlint.plugin_manager import build_catalogue, load_plugins
    from privlint.policy_draft import draft
    from privlint.policy_draft_yaml import render
    from privlint.progress import progress_bar
    from privlint.project import project_root

    for path in args.paths:
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file or directory")
    paths, config = options.project_config(args)
    target = _target(args, config)
    if target is not None and target.exists() and not args.force:
        raise UsageError(
            f"{target}: already exists; privlint never overwrites a policy. Hint: pass --force to replace it, "
            "or -o FILE to write the draft elsewhere (and compare)"
        )
    plugins = load_plugins(options.blocked_plugins(args), config=config)
    catalogue = build_catalogue(plugins, config.values)
    progress = progress_bar()
    try:
        scanned = pipeline.scan(
            paths,
            root=project_root(paths, config, target or Path("privacy-policy.yaml")),
            catalogue=catalogue,
            jobs=args.jobs,
            config=config,
            progress=progress,
            cache=options.cache_enabled(args, config),
        )
    finally:
        if progress is not None:
            progress.close()
    errors = [*plugins.errors, *scanned.errors]
    if errors:
        for error in errors:
            where = error.path or "(run)"
            print(visible(f"PRV000 internal error in {error.plugin} on {where}: {error.message}"), file=sys.stderr)
        print("privlint: the scan is incomplete, so no policy was written", file=sys.stderr)
        return ExitCode.ERROR

    drafted = draft(scanned, catalogue, controller=_project_name(paths), purposes_by_path=purposes_by_path(config))
    command = " ".join(["privlint policy init", *(shlex.quote(p) for p in args.paths)])
    text = render(drafted, command)
    shown = str(target) if target is not None else "<stdout>"
    try:  # the draft must validate; if it does not, that is privlint's bug, and the file is still worth having
        problems = [str(f) for f in lint(load_text(text, shown))]
    except PolicyError as err:
        problems = [d.render(with_code=True) for d in err.diagnostics]
    if target is None:
        sys.stdout.write(text)
    else:
        options.write_file(target, text)
    for problem in problems:
        print(f"privlint: bug: the draft does not validate: {problem}", file=sys.stderr)
    print(
        f"privlint: wrote {shown}: {len(drafted.categories)} categories, {len(drafted.purposes)} purposes, "
        f"{len(drafted.recipients)} recipients, {len(drafted.transfers)} transfers from {drafted.flows} flow(s) "
        f"in {drafted.files} file(s); {len(todos(text, shown))} TODO(s) to settle "
        f"(`privlint policy validate --strict {shown}` lists them)",
        file=sys.stderr,
    )
    if target is not None:
        start = Path(paths[0]) if Path(paths[0]).is_dir() else Path(paths[0]).parent
        found = discover_policy(None, config, start)
        if found is None or found.resolve() != target.resolve():
            print(f"privlint: `privlint check` will not find it by itself: pass --policy {target}", file=sys.stderr)
    return ExitCode.ERROR if problems else ExitCode.OK


def _target(args: argparse.Namespace, config: Config) -> Path | None:
    """Where to write: ``-o FILE`` (``-`` is stdout: None), else the configured policy, else
    ``privacy-policy.yaml`` here."""
    if args.output_file == STDOUT:
        return None
    if args.output_file:
        return Path(args.output_file)
    configured = config.get("policy")
    return config.resolve_path(str(configured)) if configured else Path("privacy-policy.yaml")


def _project_name(paths: list[str]) -> str:
    """The organisation's name, guessed: the name of the directory scanned (the working directory's for ``.``)."""
    first = Path(paths[0]).resolve()
    directory = first if first.is_dir() else first.parent
    return directory.name or "our organisation"
