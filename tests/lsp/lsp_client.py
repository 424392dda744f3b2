"""A small JSON-RPC client that speaks to ``privlint lsp`` over stdio as an editor does (a uniquely named
module: tests/ directories have no __init__.py). The benchmark (benchmarks/lsp.py) has its own copy so
that benchmarks never import tests."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


class Client:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "privlint", "lsp"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.next_id = 0
        self.responses: dict[int, Any] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.logs: list[str] = []
        self.versions: dict[str, int] = {}
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    # ---- wire ------------------------------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            with self.cond:
                if "id" in message and "method" in message:  # a request from the server
                    self._send({"id": message["id"], "result": None})
                elif "id" in message:
                    self.responses[message["id"]] = message
                elif message.get("method") == "textDocument/publishDiagnostics":
                    self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                    self.notifications.put(message)
                elif message.get("method") == "window/logMessage":
                    self.logs.append(message["params"]["message"])
                self.cond.notify_all()

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        with self.cond:
            self.next_id += 1
            ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        with self.cond:
            assert self.cond.wait_for(lambda: ident in self.responses, timeout), f"no answer to {method}"
            answer = self.responses.pop(ident)
        assert "error" not in answer, answer
        return answer["result"]

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # ---- editor actions --------------------------------------------------------------------------------
    def initialize(self) -> None:
        self.request("initialize", {"processId": None, "rootUri": self.root.as_uri(), "capabilities": {}})
        self.notify("initialized", {})

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        text = path.read_text() if text is None else text
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "python" if path.suffix == ".py" else "yaml",
                    "version": 1,
                    "text": text,
                }
            },
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": self.versions[uri]}, "contentChanges": [{"text": text}]},
        )

    def save(self, uri: str) -> None:
        self.notify("textDocument/didSave", {"textDocument": {"uri": uri}})

    def drain(self) -> None:
        while not self.notifications.empty():
            self.notifications.get_nowait()

    def wait_diagnostics(self, uri: str, predicate: Any, timeout: float = 30) -> list[dict[str, Any]]:
        """Wait until the diagnostics published for ``uri`` satisfy ``predicate``."""
        deadline = time.monotonic() + timeout
        with self.cond:
            ok = self.cond.wait_for(
                lambda: uri in self.diagnostics and predicate(self.diagnostics[uri]),
                max(deadline - time.monotonic(), 0),
            )
            assert ok, f"diagnostics for {uri}: {self.diagnostics.get(uri)}; logs: {self.logs[-5:]}"
            return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            stderr = self.process.stderr.read().decode() if self.process.stderr else ""
            assert "Traceback" not in stderr, stderr
