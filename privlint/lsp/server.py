"""The pygls wiring: which editor event does which work, debouncing, publishing, and containment.

Events map to the three kinds of work (``LiveProject``): a Python buffer opened, saved or changed
scans again (changes after ``DEBOUNCE`` seconds of quiet); the policy buffer judges the kept scan
again; ``pyproject.toml`` or a catalogue reloads the settings and scans again. Work runs in a thread,
one run at a time, so the server keeps answering hovers meanwhile. No exception reaches the client:
each handler's failure is logged through ``window/logMessage``.
"""

from __future__ import annotations

import asyncio
import functools
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from privlint import __version__
from privlint.lsp import actions, convert
from privlint.lsp.live import LiveProject

DEBOUNCE = 0.3  # seconds of no typing before a changed buffer is analysed
WATCHED = ("**/*.py", "**/privacy-policy.yaml", "**/*.yaml", "**/*.yml", "**/pyproject.toml")

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


class PrivlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("privlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.project: LiveProject | None = None
        self.lock = asyncio.Lock()
        self.pending: dict[str, asyncio.Future[None]] = {}  # by kind: a policy edit does not cancel a code edit
        self.published: set[str] = set()

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))

    # ---- the work ---------------------------------------------------------------------------------

    def kind_of(self, path: Path) -> str | None:
        """Which work an edit of ``path`` calls for: "code", "policy", "settings" or None."""
        project = self.project
        if project is None:
            return None
        if project.policy_path is not None and path.resolve() == project.policy_path:
            return "policy"
        if project.is_settings_file(path.resolve()):
            return "settings"
        if path.suffix == ".py" and project.relative(path) is not None:
            return "code"
        return None

    async def run(self, kind: str) -> None:
        """Do the work for ``kind`` in a thread, then publish every file's diagnostics."""
        project = self.project
        if project is None:
            return
        work = {"code": project.analyse, "policy": project.judge, "settings": _settings(project)}[kind]
        async with self.lock:
            started = asyncio.get_running_loop().time()
            await asyncio.to_thread(work)
            self.log(f"privlint: {kind} checked in {asyncio.get_running_loop().time() - started:.3f} s")
            self.publish()

    def schedule(self, kind: str, delay: float) -> None:
        """Run after ``delay`` seconds unless another edit comes first (debounce)."""
        previous = self.pending.get(kind)
        if previous is not None and not previous.done():
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            await self.run(kind)

        self.pending[kind] = asyncio.ensure_future(_contained(self, later)())

    def publish(self) -> None:
        project = self.project
        if project is None:
            return
        by_uri: dict[str, list[lsp.Diagnostic]] = {}
        lines = functools.lru_cache(maxsize=None)(_lines_of(project))
        for finding in project.findings():
            if not finding.location.path:
                self.log(f"privlint: {finding.code} {finding.message}", lsp.MessageType.Warning)
                continue
            stale = finding.location.path in project.broken and project.broken[finding.location.path].stale
            item = convert.diagnostic(finding, project.absolute, lines, stale=stale)
            by_uri.setdefault(convert.uri(project.absolute(finding.location.path)), []).append(item)
        for rel, broken in project.broken.items():
            what = (
                "results below are from the last version of this file that parsed"
                if broken.stale
                else "this file is not analysed until it parses"
            )
            by_uri.setdefault(convert.uri(project.absolute(rel)), []).append(
                lsp.Diagnostic(
                    range=lsp.Range(
                        lsp.Position(broken.line - 1, max(broken.column - 1, 0)),
                        lsp.Position(broken.line - 1, broken.column),
                    ),
                    message=f"privlint: {broken.message}; {what}",
                    severity=lsp.DiagnosticSeverity.Information,
                    code=convert.STALE_CODE,
                    source=convert.SOURCE,
                )
            )
        for gone in self.published - by_uri.keys():
            by_uri[gone] = []
        for target, items in by_uri.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=target, diagnostics=items))
        self.published = {u for u, items in by_uri.items() if items}


def _settings(project: LiveProject) -> Callable[[], None]:
    def work() -> None:
        project.reload_settings()
        project.analyse()

    return work


def _lines_of(project: LiveProject) -> Callable[[Path], list[str] | None]:
    def lines(path: Path) -> list[str] | None:
        text = project.source_text(path)
        return text.splitlines() if text is not None else None

    return lines


def _contained(server: PrivlintServer, handler: F) -> F:
    """Log a handler's failure to the client instead of raising it into pygls (no traceback reaches
    the editor as an error response or a crash)."""

    @functools.wraps(handler)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await handler(*args, **kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            server.log(f"privlint: {type(exc).__name__}: {exc}\n{traceback.format_exc()}", lsp.MessageType.Error)
            return None

    return wrapper  # type: ignore[return-value]


def build() -> PrivlintServer:
    server = PrivlintServer()

    def feature(name: str, options: Any = None) -> Callable[[F], F]:
        def register(handler: F) -> F:
            server.feature(name, options)(_contained(server, handler))
            return handler

        return register

    def path_of(document_uri: str) -> Path | None:
        found = to_fs_path(document_uri)
        return Path(found) if found else None

    def buffer_event(document_uri: str, delay: float | None) -> None:
        path = path_of(document_uri)
        if path is None or server.project is None:
            return
        kind = server.kind_of(path)
        if kind is None:
            return
        server.project.set_buffer(path, server.workspace.get_text_document(document_uri).source)
        if delay is None:
            server.schedule(kind, 0)
        else:
            server.schedule(kind, delay)

    @feature(lsp.INITIALIZED)
    async def initialized(params: lsp.InitializedParams) -> None:
        root = server.workspace.root_path or (
            next(iter(server.workspace.folders.values())).uri if server.workspace.folders else None
        )
        if root is None:
            server.log("privlint: no workspace folder; nothing to analyse", lsp.MessageType.Warning)
            return
        project = await asyncio.to_thread(LiveProject, Path(to_fs_path(root) or root))
        for document in list(server.workspace.text_documents.values()):  # opened while the project loaded
            if (path := path_of(document.uri)) is not None:
                project.set_buffer(path, document.source)
        server.project = project
        watchers = [lsp.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        try:
            await server.client_register_capability_async(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="privlint-watch",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                        )
                    ]
                )
            )
        except Exception as exc:  # a client without dynamic registration: open buffers still drive everything
            server.log(f"privlint: file watching not available ({exc})")
        server.schedule("code", 0)

    @feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        buffer_event(params.text_document.uri, None)

    @feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        buffer_event(params.text_document.uri, DEBOUNCE)

    @feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        buffer_event(params.text_document.uri, None)

    @feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        if path is not None and server.project is not None and (kind := server.kind_of(path)) is not None:
            server.project.close_buffer(path)  # the disk's version counts again
            server.schedule(kind, 0)

    @feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(params: lsp.DidChangeWatchedFilesParams) -> None:
        kinds = {server.kind_of(p) for change in params.changes if (p := path_of(change.uri)) is not None}
        if server.project is not None and any(c.type != lsp.FileChangeType.Changed for c in params.changes):
            server.project.files_changed()
        for kind in ("settings", "code", "policy"):  # the widest work covers the others
            if kind in kinds:
                server.schedule(kind, 0)
                return

    @feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        found = _findings_at(server, params.text_document.uri, params.position.line + 1)
        if not found:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=convert.hover(found)))

    @feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    async def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        if server.project is None:
            return None
        lines = range(params.range.start.line + 1, params.range.end.line + 2)
        found = [f for line in lines for f in _findings_at(server, params.text_document.uri, line)]
        offered, problems = await asyncio.to_thread(actions.actions_for, server.project, found)
        for problem in problems:
            server.log(f"privlint: {problem}", lsp.MessageType.Warning)
        return offered

    return server


def _findings_at(server: PrivlintServer, document_uri: str, line: int) -> list[Any]:
    project = server.project
    if project is None:
        return []
    path = to_fs_path(document_uri)
    if path is None:
        return []
    rel = project.relative(Path(path))
    return [
        f
        for f in project.findings()
        if f.location.line == line and (f.location.path == rel or project.absolute(f.location.path) == Path(path))
    ]


def main() -> int:
    """Serve over stdin/stdout until the client says exit.

    The engine's worker processes are started with ``forkserver``, not ``fork``: the analysis runs in a
    thread beside the event loop, and a process forked from a threaded one can inherit a lock held by
    another thread and hang (the first analysis of a large workspace never finished under ``fork``)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.set_start_method("forkserver", force=True)
    build().start_io()
    return 0
