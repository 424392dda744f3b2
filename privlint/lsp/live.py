"""The project as the editor sees it: unsaved buffers laid over the files on disk.

Why a separate object from the server: analysing is plain Python the tests can drive without a
client, and it keeps the three costs apart. A code edit scans again (the engine with the project's
``.privlint_cache``: unchanged files' summaries and the last solved program are reused, so a one-file
edit re-solves only what it touches); a policy edit only judges the kept ``ScanResult`` again
(``pipeline.check_against``); a config or catalogue edit reloads the settings and scans again.

A buffer that does not parse is analysed as its last version that did (kept from earlier buffers):
its findings, and the flows that pass through it into other files, stay while the user types; they
are marked stale (``broken``). A file that never parsed while the server watched it is skipped as in
``privlint check`` (PRV001).
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from privlint import pipeline
from privlint.checks.policy_file import load_error_findings
from privlint.checks.sourcefile import StatementMemo
from privlint.config import Config, ConfigError, discover_policy, load_config
from privlint.diagnostics import DiagnosticError
from privlint.discovery import Discovery
from privlint.errors import UsageError
from privlint.types import CheckResult, Finding, Location, ScanResult

if TYPE_CHECKING:
    from policy_model.model import Policy


@dataclass(frozen=True)
class Broken:
    """A buffer that does not parse: where, and whether an earlier version stands in for it."""

    line: int
    column: int
    message: str
    stale: bool  # True: analysed as the last version that parsed


@dataclass
class LiveProject:
    """One workspace folder: its settings, the open buffers, and the last scan and check."""

    root: Path
    buffers: dict[Path, str] = field(default_factory=dict)  # absolute resolved path -> unsaved text
    last_good: dict[Path, str] = field(default_factory=dict)
    broken: dict[str, Broken] = field(default_factory=dict)  # relative path -> its syntax error
    scan: ScanResult | None = None
    result: CheckResult | None = None
    settings_findings: list[Finding] = field(default_factory=list)  # config/catalogue errors (PRV100-style)
    policy_findings: list[Finding] = field(default_factory=list)  # the policy does not load (PRV100)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.config = Config()
        self.checks: pipeline.Checks | None = None
        self.discovered: Discovery | None = None  # the tree's files: walked again only when files come or go
        self.memo = StatementMemo()  # statement spans learnt by earlier checks (fingerprints, suppressions)
        self.reload_settings()

    # ---- settings: [tool.privlint], catalogues, policy path --------------------------------------------

    def reload_settings(self) -> None:
        """Read ``[tool.privlint]`` and the catalogues again; on an error keep the last good settings and
        report the error at its position (as ``privlint check`` would print it)."""
        self.settings_findings = []
        try:
            config = load_config(self.root)
            checks = pipeline.Checks.build(config)
        except (ConfigError, DiagnosticError, UsageError) as error:
            self.settings_findings = _diagnostic_findings(error, "PRV100")
            return
        self.config, self.checks = config, checks
        self.discovered = None  # excludes may have changed

    def files_changed(self) -> None:
        """Files were created, deleted or renamed: walk the tree again on the next analysis."""
        self.discovered = None

    @property
    def policy_path(self) -> Path | None:
        found = discover_policy(None, self.config, self.root)
        return found.resolve() if found is not None else None

    def is_settings_file(self, path: Path) -> bool:
        """pyproject.toml (``[tool.privlint]``) and the catalogue files it names."""
        if path.name == "pyproject.toml":
            return True
        written = self.config.get("catalogues") or []
        return any(self.config.resolve_path(str(w)) == path for w in written)

    def relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    # ---- buffers ---------------------------------------------------------------------------------------

    def set_buffer(self, path: Path, text: str) -> None:
        """Every version the editor sends, whether or not an analysis follows it (debouncing drops
        some): the last one that parses is what stands in while the buffer is broken."""
        path = path.resolve()
        if path.suffix == ".py" and self.discovered is not None and path not in self.buffers:
            known = {f.absolute for f in self.discovered.files}
            if str(path) not in known and self.relative(path) is not None:
                self.discovered = None  # a new file the watcher has not told us of yet
        self.buffers[path] = text
        if path.suffix == ".py" and syntax_error(text, str(path)) is None:
            self.last_good[path] = text

    def close_buffer(self, path: Path) -> None:
        self.buffers.pop(path.resolve(), None)

    def _overlay(self) -> tuple[dict[str, bytes], dict[str, str]]:
        """What the engine reads instead of the disk (by absolute path) and the checks (by relative path)."""
        overlay: dict[str, bytes] = {}
        texts: dict[str, str] = {}
        self.broken = {}
        # a copy: the server's event loop adds buffers while this runs in the analysis thread
        for path, text in list(self.buffers.items()):
            rel = self.relative(path)
            if rel is None or path.suffix != ".py":
                continue
            error = syntax_error(text, rel)
            if error is not None:
                good = self.last_good.get(path)
                self.broken[rel] = replace(error, stale=good is not None)
                text = good if good is not None else text
            overlay[str(path)] = text.encode("utf-8")
            texts[rel] = text
        return overlay, texts

    # ---- analysing -------------------------------------------------------------------------------------

    def analyse(self) -> None:
        """Scan the code (buffers over disk) and judge it: after a code edit or a settings change."""
        if self.checks is None:
            return  # the settings never loaded: their errors are what the user sees
        overlay, texts = self._overlay()
        policy = self._load_policy()
        catalogue = self.checks.catalogue_for(policy) if policy is not None else self.checks.catalogue
        if self.discovered is None:
            self.discovered = pipeline.discover_files([str(self.root)], root=self.root, config=self.config)
        scanned = pipeline.scan(
            [str(self.root)],
            root=self.root,
            catalogue=catalogue,
            config=self.config,
            cache=True,
            overlay=overlay,
            discovered=self.discovered,
        )
        if self.checks.plugin_errors:
            scanned = replace(scanned, errors=(*self.checks.plugin_errors, *scanned.errors))
        self.scan = scanned
        self._judge(policy, texts)

    def judge(self) -> None:
        """Judge the kept scan by the policy as it is now (buffer or disk): after a policy edit."""
        if self.scan is None or self.checks is None:
            self.analyse()
            return
        self._judge(self._load_policy(), self._overlay()[1])

    def _judge(self, policy: Policy | None, texts: dict[str, str]) -> None:
        if policy is None or self.scan is None or self.checks is None:
            return  # the policy does not load: its PRV100s show, the code's last findings stay
        if len(self.memo) >= pipeline.MEMO_LIMIT:
            self.memo = StatementMemo()
        self.memo.add_spans(self.scan.statement_spans)
        self.result = pipeline.check_against(
            self.scan, policy, self.checks, policy_path=str(self.policy_path), texts=texts, memo=self.memo
        )

    def policy_text(self) -> str | None:
        path = self.policy_path
        if path is None:
            return None
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    def _load_policy(self) -> Policy | None:
        from policy_model import PolicyError, load_text

        self.policy_findings = []
        path, text = self.policy_path, self.policy_text()
        if path is None or text is None:
            where = str(path or self.root / "privacy-policy.yaml")
            self.policy_findings = [
                Finding(
                    "PRV100",
                    "no policy file found",
                    Location(where, 1, 1),
                    hint='add privacy-policy.yaml to the project root or set policy = "..." in [tool.privlint]',
                )
            ]
            return None
        try:
            return load_text(text.replace("\r\n", "\n"), str(path))
        except PolicyError as error:
            self.policy_findings = load_error_findings(error, path)
            return None

    # ---- what to show ----------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every finding to show now: the code's (last judged), the policy's and the settings'."""
        shown = list(self.result.findings) if self.result is not None else []
        if self.policy_findings:  # the policy's PRV1xx of the last good version are replaced by the load error
            shown = [f for f in shown if not f.code.startswith("PRV1")]
        return shown + self.policy_findings + self.settings_findings

    def absolute(self, path: str) -> Path:
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.root / candidate

    def source_text(self, path: Path) -> str | None:
        """The text as the editor has it (buffer), else as on disk."""
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None


def syntax_error(text: str, path: str) -> Broken | None:
    """None when ``text`` parses; never executes it (``ast`` only)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except SyntaxError as exc:
        return Broken(exc.lineno or 1, exc.offset or 1, f"SyntaxError: {exc.msg}", stale=False)
    except (ValueError, RecursionError, MemoryError) as exc:
        return Broken(1, 1, f"{type(exc).__name__}: {exc}", stale=False)
    return None


def _diagnostic_findings(error: Exception, code: str) -> list[Finding]:
    """A config or catalogue error's diagnostics as findings at their positions."""
    found = [
        Finding(
            code,
            f"{d.key_path}: {d.message}" if d.key_path else d.message,
            Location(d.path or "pyproject.toml", max(d.line, 1), max(d.column, 1)),
            hint=d.hint or None,
        )
        for d in getattr(error, "diagnostics", []) or []
    ]
    return found or [Finding(code, str(error), Location("pyproject.toml", 1, 1))]
