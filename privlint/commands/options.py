"""Every command's options, in one table, so their names and meanings never drift between commands.

``COMMANDS`` lists each command (``check``, ``policy validate``, ...) with its help, description, an
example, the function that runs it and its arguments, taken from the named ``Arg`` values below.
``privlint.cli`` builds the parser from this table alone; the command modules only run. One
vocabulary follows: a policy is read from ``--policy FILE`` (and, for ``policy`` actions, a
positional FILE too); a command that writes takes ``-o/--output-file`` and
``--output-format/--format``, the format following ``-o``'s extension when none is given; commands
that check share the selection and gating options (``--select`` ... ``--exit-zero``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from privlint.config import Config, load_config
from privlint.errors import UsageError


@dataclass(frozen=True)
class Arg:
    """One argument: argparse's flags and keywords, spelled once and reused by every command."""

    flags: tuple[str, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(*self.flags, **self.kwargs)


def arg(*flags: str, **kwargs: Any) -> Arg:
    return Arg(flags, MappingProxyType(kwargs))


# -- the arguments -----------------------------------------------------------------------------------------
PATHS = arg("paths", nargs="*", default=[], metavar="PATH", help="files or directories (default: .)")
POLICY = arg(
    "--policy",
    default=None,
    metavar="FILE",
    help="policy YAML (default: [tool.privlint] policy, else privacy-policy.yaml here or in a parent)",
)
POLICY_FILE = arg("file", nargs="?", default=None, metavar="FILE", help="policy file (the same as --policy FILE)")
OUTPUT_FILE = arg(
    "-o",
    "--output-file",
    dest="output_file",
    default=None,
    metavar="FILE",
    help="write to FILE, not stdout; without --output-format the format follows FILE's extension",
)
BASELINE_FILE = arg(
    "-o",
    "--output-file",
    dest="output_file",
    default=None,
    metavar="FILE",
    help="baseline file to write (default: [tool.privlint] baseline, else .privlint-baseline.json)",
)
SELECT = arg(
    "--select",
    action="append",
    default=None,
    metavar="CODES",
    help="report only these codes or prefixes (replaces [tool.privlint] select)",
)
IGNORE = arg(
    "--ignore",
    action="append",
    default=None,
    metavar="CODES",
    help="do not report these codes or prefixes (replaces [tool.privlint] ignore)",
)
EXTEND_SELECT = arg(
    "--extend-select",
    dest="extend_select",
    action="append",
    default=None,
    metavar="CODES",
    help="report these codes too (e.g. PRV3 for reviewer information)",
)
EXTEND_IGNORE = arg(
    "--extend-ignore",
    dest="extend_ignore",
    action="append",
    default=None,
    metavar="CODES",
    help="ignore these codes too",
)
EXIT_ZERO = arg("--exit-zero", action="store_true", help="exit 0 even with violations (still 2 on errors)")
DIFF = arg(
    "--diff",
    dest="diff_base",
    metavar="BASE_REF",
    default=None,
    help="report only violations whose trace touches lines changed since the git revision BASE_REF",
)
BASELINE = arg(
    "--baseline",
    metavar="FILE",
    default=None,
    help="report only violations not recorded in this baseline (see `privlint baseline`; "
    "default: [tool.privlint] baseline when that file exists)",
)


def positive_int(text: str) -> int:
    """``--jobs N``: a whole number of at least 1 (argparse turns the ValueError into exit 2)."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


positive_int.__name__ = "positive integer"  # what argparse's "invalid ... value" message calls it
JOBS = arg(
    "--jobs",
    "-j",
    type=positive_int,
    default=None,
    metavar="N",
    help="worker processes, at least 1 (default: [tool.privlint] jobs, else all cores)",
)
NO_CACHE = arg(
    "--no-cache",
    dest="cache",
    action="store_false",
    default=None,
    help="do not read or write .privlint_cache/ (default: cache on; also [tool.privlint] cache = false)",
)
CACHE = arg("--cache", dest="cache", action="store_true", help=argparse.SUPPRESS)
PLUGINS = arg(
    "-p",
    dest="plugin_options",
    action="append",
    default=[],
    metavar="no:NAME",
    help="disable a plugin by name (-p no:NAME), as in pytest",
)
CONFIG = arg("--config", default=None, metavar="FILE", help="pyproject.toml to read [tool.privlint] from")
INCLUDE_TESTS = arg(
    "--include-tests",
    action="store_true",
    default=None,
    help="also report flows located in, or sourced only from, tests, fixtures and migrations",
)
TRACE = arg("--trace", "--show-trace", dest="trace", action="store_true", help="show each flow's trace")
REPO_URL = arg(
    "--repo-url",
    metavar="TEMPLATE",
    default=None,
    help="make file:line evidence clickable, e.g. 'https://github.com/org/repo/blob/{commit}/{path}#L{line}' "
    "(fields: {commit} {path} {line} {column}; default: [tool.privlint] repo-url)",
)
APPLY = arg("--apply", action="store_true", help="write the suggested edit into the policy file instead of printing it")
BASE_REV = arg("base", metavar="BASE", help="the git revision to compare with (a branch, tag or commit)")
HEAD_REV = arg(
    "head", nargs="?", default=None, metavar="HEAD", help="the revision compared (default: the working tree)"
)
RULE_CODE = arg("code", nargs="?", metavar="CODE", help="rule code, e.g. PRV203")
RULE_ALL = arg("--all", action="store_true", help="list every rule")
MANIFESTS = arg("manifests", nargs="+", metavar="MANIFEST", help="Fides YAML manifest files")
POLICY_OUTPUT_FILE = arg(
    "-o",
    "--output-file",
    dest="output_file",
    default=None,
    metavar="FILE",
    help="policy file to write (default: [tool.privlint] policy, else privacy-policy.yaml here; - for stdout)",
)
FORCE = arg("--force", action="store_true", help="overwrite the output file if it exists")
STRICT = arg(
    "--strict",
    action="store_true",
    help="also list every TODO left in the file (PRV107: the guesses `privlint policy init` marks), exit 1 if any",
)
GIVEN_POLICY_FILE = arg(
    "file",
    nargs="?",
    default=None,
    metavar="FILE",
    help="a policy whose own taxonomy extensions to list too (the same as --policy FILE)",
)
GIVEN_POLICY = arg(
    "--policy",
    default=None,
    metavar="FILE",
    help="a policy whose own taxonomy extensions to list too (never looked up: only the file given)",
)

# Groups that travel together: the same names in the same order wherever they appear.
SELECTION = (SELECT, IGNORE, EXTEND_SELECT, EXTEND_IGNORE)
GATING = (EXIT_ZERO, DIFF, BASELINE)
ENGINE = (JOBS, NO_CACHE, CACHE, PLUGINS, CONFIG, INCLUDE_TESTS)

# The formats ``-o FILE``'s extension selects when no --output-format is given (only among the command's own).
EXTENSIONS = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".diff": "diff",
    ".patch": "diff",
    ".yaml": "yaml",
    ".yml": "yaml",
}


@dataclass(frozen=True)
class Command:
    """One command line: ``name`` is its words (``"policy validate"``); ``run`` is ``"module:function"``,
    imported only when the command runs, so ``privlint --help`` loads no engine; ``formats`` are the
    output formats, the first the default; no ``run``: a group whose actions are the commands below it."""

    name: str
    help: str
    description: str
    example: str
    run: str | None = None
    args: tuple[Arg, ...] = ()
    formats: tuple[str, ...] = ()


CHECK_FORMATS = ("text", "json", "sarif", "github", "junit")
REPORT_FORMATS = ("html", "md", "csv", "json")  # privlint.report.RENDERERS; tests/report/test_command.py

COMMANDS: tuple[Command, ...] = (
    Command(
        "check",
        help="check the code against the privacy policy (exit 1 on violations)",
        description="Analyse Python code for personal-data flows and report every flow the policy does not permit. "
        "Directories are analysed as given; file arguments (as pre-commit passes them) analyse the whole project "
        "but report only findings whose trace touches those files. Exit 0 no violations, 1 violations, 2 usage, "
        "configuration or policy error.",
        example="privlint check src --policy privacy-policy.yaml --diff origin/main -o privlint.sarif",
        run="privlint.commands.check:run",
        args=(PATHS, POLICY, OUTPUT_FILE, *SELECTION, *GATING, *ENGINE),
        formats=CHECK_FORMATS,
    ),
    Command(
        "scan",
        help="list every personal-data flow (no policy needed)",
        description="Find every personal-data flow in PATHS: source (an email field, request.remote_addr, ...) to "
        "sink (an SDK call, an HTTP request, a log line, storage). Exit code 0 unless the command line is wrong.",
        example="privlint scan app --trace",
        run="privlint.commands.scan:run",
        args=(PATHS, OUTPUT_FILE, TRACE, *ENGINE),
        formats=("text", "json"),
    ),
    Command(
        "report",
        help="data-flow report for privacy reviewers (html, md, csv, json)",
        description="Write a report of the personal-data flows in PATHS, checked against the policy, for privacy "
        "reviewers: html (self-contained, opens offline), md (pull-request comment or wiki, Mermaid map), or the "
        "GDPR Art. 30 record of processing activities as csv or json. Same analysis, selection and exit codes as "
        "`privlint check`; the report is written in every case but a usage error.",
        example="privlint report src -o build/privacy-report.html",
        run="privlint.commands.report:run",
        args=(PATHS, POLICY, OUTPUT_FILE, *SELECTION, *GATING, REPO_URL, *ENGINE),
        formats=REPORT_FORMATS,
    ),
    Command(
        "baseline",
        help="write the current violations to a baseline file",
        description="Record current violations (line-independent fingerprints, counted) in a baseline file; "
        "`privlint check --baseline FILE` then reports only new ones.",
        example="privlint baseline src -o .privlint-baseline.json",
        run="privlint.commands.baseline:run",
        args=(PATHS, POLICY, BASELINE_FILE, *SELECTION, *ENGINE),
    ),
    Command(
        "diff",
        help="what a change does to personal data: flows added, changed and removed between revisions",
        description="Analyse two git revisions (HEAD default: the working tree, untracked files included) and "
        "list the personal-data flows added, changed (a new category to the same sink, a new recipient, a "
        "sanitiser dropped) and removed, each added or changed flow with the head's verdict: permitted, or the "
        "rule it breaks and the policy edit that would permit it. The working tree is never touched: a revision "
        "is read from git into privlint's own cached tree. Exit 0 nothing new violates the policy, 1 new "
        "violating flows, 2 usage or git error.",
        example="privlint diff origin/main --format md -o privacy-diff.md",
        run="privlint.commands.diff:run",
        args=(BASE_REV, HEAD_REV, POLICY, OUTPUT_FILE, *SELECTION, EXIT_ZERO, *ENGINE),
        formats=("text", "json", "md", "github"),
    ),
    Command(
        "rule",
        help="explain a rule code",
        description="Explain a privlint rule: what it means, the policy statement it protects, how to fix it, "
        "with examples; without CODE (or with --all) list every rule.",
        example="privlint rule PRV203",
        run="privlint.commands.rule:run",
        args=(RULE_CODE, RULE_ALL, OUTPUT_FILE),
        formats=("text", "json"),
    ),
    Command(
        "policy",
        help="work with the privacy policy file (init, schema, taxonomy, validate, render, Fides interop)",
        description="Work with the privacy policy file: start one from the code, print its JSON Schema or the "
        "taxonomy its keys come from, validate it, render it as a privacy notice, or convert it from/to Fides "
        "manifests.",
        example="privlint policy validate privacy-policy.yaml",
    ),
    Command(
        "policy init",
        help="write a first policy from what the code does (every guess marked TODO)",
        description="Scan PATHS and write a policy file from what the code does: the categories of personal data "
        "it handles, the recipients it sends them to (name, kind and locations from privlint's vendor catalogue; "
        "an API host the catalogue does not know becomes a recipient bound by its host), purposes stated in the "
        "code or guessed from the recipients' kinds, and transfers where a recipient is outside an adequate "
        "country. Every guess and every decision privlint cannot make (controller, legal basis, retention, role, "
        "transfer mechanism) is marked TODO in a comment; `privlint policy validate --strict` lists them. The file "
        "validates, and `privlint check` of the scanned code reports no PRV2xx finding against it. An existing "
        "file is never overwritten without --force (exit 2).",
        example="privlint policy init src -o privacy-policy.yaml",
        run="privlint.commands.policy_init:run",
        args=(PATHS, POLICY_OUTPUT_FILE, FORCE, *ENGINE),
        formats=("yaml",),
    ),
    Command(
        "policy schema",
        help="print the policy file's JSON Schema (Draft 2020-12)",
        description="Print the JSON Schema (Draft 2020-12) of privlint's policy file, for editors and other tools.",
        example="privlint policy schema -o policy.schema.json",
        run="privlint.commands.policy:run_schema",
        args=(OUTPUT_FILE,),
        formats=("json", "yaml"),
    ),
    Command(
        "policy taxonomy",
        help="list the data categories, data uses and data subjects a policy may name",
        description="List the fideslang taxonomy the policy's keys come from: data categories, data uses and data "
        "subjects, each with its name and description; with a policy (FILE or --policy), its own extensions "
        "(taxonomy.extensions) too.",
        example="privlint policy taxonomy --format json -o taxonomy.json",
        run="privlint.commands.policy_taxonomy:run",
        args=(GIVEN_POLICY_FILE, GIVEN_POLICY, OUTPUT_FILE),
        formats=("text", "json"),
    ),
    Command(
        "policy validate",
        help="check the policy file: schema plus semantic lint (PRV100-PRV106)",
        description="Validate a policy file. Exit 0 valid, 1 lint findings, 2 unreadable or invalid file.",
        example="privlint policy validate privacy-policy.yaml --strict",
        run="privlint.commands.policy:run_validate",
        args=(POLICY_FILE, POLICY, CONFIG, OUTPUT_FILE, STRICT),
        formats=("text", "json"),
    ),
    Command(
        "policy render",
        help="render the policy as a human-readable privacy notice",
        description="Render the policy as a privacy notice people can read (Markdown or HTML).",
        example="privlint policy render privacy-policy.yaml -o notice.html",
        run="privlint.commands.policy:run_render",
        args=(POLICY_FILE, POLICY, CONFIG, OUTPUT_FILE),
        formats=("md", "html"),
    ),
    Command(
        "policy import-fides",
        help="build a policy file from Fides system/dataset manifests",
        description="Build a privlint policy from Fides manifests (system, dataset, data_category, data_use, "
        "policy, organization). What does not map is listed on stderr.",
        example="privlint policy import-fides fides/*.yml -o privacy-policy.yaml",
        run="privlint.commands.policy:run_import_fides",
        args=(MANIFESTS, OUTPUT_FILE),
        formats=("yaml", "json"),
    ),
    Command(
        "policy export-fides",
        help="write the policy as Fides manifests (systems, taxonomy extensions, deny rules)",
        description="Write the policy as Fides manifests. What does not map is listed on stderr.",
        example="privlint policy export-fides privacy-policy.yaml -o fides.yml",
        run="privlint.commands.policy:run_export_fides",
        args=(POLICY_FILE, POLICY, CONFIG, OUTPUT_FILE),
        formats=("yaml", "json"),
    ),
    Command(
        "policy suggest",
        help="the policy edit that permits the undeclared flows, as a patch (or --apply it)",
        description="Analyse the project the policy governs and write the smallest policy edit that permits its "
        "undeclared categories, recipients, recipient categories, purposes and transfers (PRV201-PRV205), as a "
        "unified diff that keeps every comment and line of the file, or apply it with --apply. Guesses a person "
        "must confirm (retention, legal basis, transfer mechanism) are marked TODO. Prohibition findings "
        "(PRV210-PRV213) get no patch: they need a code change. Exit 0 nothing left, 1 a patch to apply or "
        "findings that need a code change, 2 usage error or a policy that does not load.",
        example="privlint policy suggest --apply",
        run="privlint.commands.policy_suggest:run",
        args=(POLICY_FILE, POLICY, APPLY, OUTPUT_FILE, JOBS, NO_CACHE, CACHE, PLUGINS, CONFIG, INCLUDE_TESTS),
        formats=("diff", "json"),
    ),
    Command(
        "lsp",
        help="language server for editors (stdio): live findings, hovers, quick fixes",
        description="Serve the Language Server Protocol over stdin/stdout for an editor: privlint's diagnostics for "
        "the workspace as you type (unsaved buffers, after a short pause), on open and on save, with the trace as "
        "related information; hovers explaining a flagged flow; policy-file errors live; quick fixes. The policy, "
        "[tool.privlint] and catalogues are found as `privlint check` finds them, from the workspace folder. Runs "
        "until the editor ends it; nothing is written but the project's .privlint_cache.",
        example="privlint lsp",
        run="privlint.commands.lsp:run",
    ),
    Command(
        "plugins",
        help="list the active plugins and what each provides",
        description="List the active plugins (built-in, installed, local, catalogue files) and what each provides.",
        example="privlint plugins --format json",
        run="privlint.commands.plugins:run",
        args=(OUTPUT_FILE, PLUGINS, CONFIG),
        formats=("text", "json"),
    ),
)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but a paragraph with indented lines (the example) is printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        filled = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith(" ") for line in lines):
                filled.append("\n".join(indent + line for line in lines))
            else:
                filled.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(filled)


def command(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add every command of ``COMMANDS`` (groups and their actions) to the top-level sub-parsers."""
    groups: dict[str, argparse._SubParsersAction] = {"": subparsers}
    for cmd in COMMANDS:
        parent, _, word = cmd.name.rpartition(" ")
        parser = groups[parent].add_parser(
            word,
            help=cmd.help,
            description=cmd.description,
            epilog=f"example:\n  {cmd.example}",
            formatter_class=HelpFormatter,
        )
        for argument in cmd.args:
            argument.add_to(parser)
            if "--output-file" in argument.flags and cmd.formats:
                parser.add_argument(
                    "--output-format",
                    "--format",
                    dest="output_format",
                    choices=list(cmd.formats),
                    default=None,
                    help=f"output format (default: {cmd.formats[0]}, or the one -o FILE's extension names; "
                    "--format is an alias)",
                )
        parser.set_defaults(command_parser=parser, formats=cmd.formats, run=cmd.run)
        if cmd.run is None:
            groups[cmd.name] = parser.add_subparsers(dest=f"{word}_action", metavar="ACTION")


def runner(args: argparse.Namespace) -> Callable[[argparse.Namespace], int] | None:
    """The function that runs the parsed command (``None`` for a group named without an action)."""
    if args.run is None:
        return None
    module, _, function = str(args.run).partition(":")
    run: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), function)
    return run


# -- reading the parsed options ----------------------------------------------------------------------------
def output_format(args: argparse.Namespace, configured: object = None) -> str:
    """``--output-format``, else the format ``-o FILE``'s extension names (if the command has it), else
    ``configured`` (``[tool.privlint] output-format``), else the command's default."""
    if args.output_format:
        return str(args.output_format)
    if args.output_file:
        inferred = EXTENSIONS.get(Path(args.output_file).suffix.lower())
        if inferred is not None and inferred in args.formats:
            return inferred
    if configured:
        return str(configured)
    return str(args.formats[0])


def write_output(args: argparse.Namespace, text: str) -> None:
    """Write a command's output to ``-o FILE`` or stdout; a file that cannot be written is a usage
    error (exit 2) with its reason, never a traceback."""
    if not args.output_file:
        sys.stdout.write(text)
        return
    write_file(args.output_file, text)


def write_file(path: str | Path, text: str) -> None:
    """Write ``text`` to a file the user chose (``-o FILE`` or a configured path, such as the baseline's):
    a file that cannot be written is a usage error (exit 2) with its reason, never a traceback."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def cache_enabled(args: argparse.Namespace, config: Any) -> bool:
    """``--cache/--no-cache``, else ``[tool.privlint] cache``, else on (like Ruff)."""
    if getattr(args, "cache", None) is not None:
        return bool(args.cache)
    return bool(config.get("cache", True)) if config is not None else True


def project_config(args: argparse.Namespace) -> tuple[list[str], Config]:
    """The paths to analyse (default ``.``) and the ``[tool.privlint]`` config that governs them: the file
    given with ``--config``, else the nearest ``pyproject.toml`` above the first path."""
    paths = list(args.paths) or ["."]
    config = load_config(Path(paths[0]), getattr(args, "config", None))
    if getattr(args, "include_tests", None):
        config = replace(config, values={**config.values, "include-tests": True})
    return paths, config


def baseline_path(args: argparse.Namespace, config: Config) -> str | None:
    """``--baseline FILE``, else ``[tool.privlint] baseline`` once that file exists (``privlint baseline``
    wrote it): old violations then stop blocking every commit that touches their files."""
    configured = config.configured_baseline()
    return str(args.baseline) if args.baseline else (str(configured) if configured else None)


def blocked_plugins(args: argparse.Namespace) -> list[str]:
    return [opt[3:] for opt in getattr(args, "plugin_options", []) if opt.startswith("no:")]


def check_arguments(args: argparse.Namespace, config: Any) -> dict[str, Any]:
    """The ``privlint.pipeline.check`` keywords that ``check``, ``report`` and ``baseline`` take from the same options,
    so the three can never analyse or select differently (``--diff``/``--baseline`` where the command
    has them)."""
    keywords: dict[str, Any] = {
        "policy_path": args.policy,
        "config": config,
        "select": args.select,
        "ignore": args.ignore,
        "extend_select": args.extend_select,
        "extend_ignore": args.extend_ignore,
        "jobs": args.jobs,
        "cache": cache_enabled(args, config),
        "blocked_plugins": blocked_plugins(args),
    }
    if hasattr(args, "diff_base"):
        keywords["diff_base"] = args.diff_base
        keywords["baseline_path"] = baseline_path(args, config)
    return keywords
