"""Latency and memory of ``privlint lsp`` as an editor sees them (issue 18): not a test, never run in CI.

Starts ``privlint lsp`` as a subprocess in a copy of a project, speaks JSON-RPC over stdio (initialize,
initialized, didOpen), waits for the first analysis of the workspace (cold, or warm from the project's
``.privlint_cache``), then repeatedly edits a function body of one file (didChange + didSave) and times
didSave -> the publishDiagnostics for that file. Also: a save without a change, a policy edit (judged
without re-analysing), and the server's resident memory (VmRSS, VmHWM from /proc).

    .venv/bin/python benchmarks/lsp.py /work/apps/saleor --file saleor/account/events.py --repeat 7

The corpus is cloned (``git clone``) into a temporary directory with a policy that declares nothing
(every flow a finding: the most diagnostics to convert and publish), so the corpus is never written.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

POLICY = """\
# A policy that declares nothing: every flow is a finding, the worst case for the checks.
privlint: "1.0"
controller:
  name: Benchmark
  region: EEA
categories: []
purposes: []
"""


class Server:
    """``privlint lsp`` in a subprocess, and what it published (the client side of the wire)."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.cond = threading.Condition()
        self.published: list[tuple[float, str, int]] = []  # (when, uri, number of diagnostics)
        self.answers: dict[int, Any] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length))
            now = time.perf_counter()
            with self.cond:
                if "id" in message and "method" in message:
                    self.send({"id": message["id"], "result": None})
                elif "id" in message:
                    self.answers[message["id"]] = message
                elif message.get("method") == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.published.append((now, params["uri"], len(params["diagnostics"])))
                self.cond.notify_all()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        with self.cond:
            self.next_id += 1
            ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        with self.cond:
            self.cond.wait_for(lambda: ident in self.answers, 600)
            return self.answers.pop(ident).get("result")

    def notify(self, method: str, params: Any) -> float:
        sent = time.perf_counter()
        self.send({"method": method, "params": params})
        return sent

    def published_after(self, uri: str, since: float, timeout: float = 600) -> float:
        """When diagnostics for ``uri`` were first published after ``since``."""
        with self.cond:
            self.cond.wait_for(lambda: any(t > since and u == uri for t, u, _ in self.published), timeout)
            return min(t for t, u, _ in self.published if t > since and u == uri)

    def memory_mb(self) -> tuple[float, float]:
        fields = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
            if ":" in line
        )
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--file", default="saleor/account/events.py", help="the file edited (relative to the corpus)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--privlint", default=None, help="the privlint executable (default: this Python's -m privlint)")
    args = parser.parse_args()
    command = [args.privlint, "lsp"] if args.privlint else [sys.executable, "-m", "privlint", "lsp"]
    with tempfile.TemporaryDirectory(prefix="privlint-lsp-bench-") as scratch:
        root = Path(scratch) / "project"
        subprocess.run(["git", "clone", "-q", str(args.corpus), str(root)], check=True)
        (root / "privacy-policy.yaml").write_text(POLICY)
        target = root / args.file
        uri = target.resolve().as_uri()
        original = target.read_text()
        server = Server(command, root)
        started = time.perf_counter()
        server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        server.notify("initialized", {})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": original}},
        )
        first = server.published_after(uri, started)
        print(
            f"first analysis (cold, no cache): {first - started:.2f} s; RSS {server.memory_mb()[0]:.0f} MB", flush=True
        )

        # restart warm: what opening the editor again costs with the project's cache
        server.request("shutdown", None)
        server.notify("exit", None)
        server.process.wait(30)
        server = Server(command, root)
        started = time.perf_counter()
        server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        server.notify("initialized", {})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": original}},
        )
        warm_start = server.published_after(uri, started) - started
        print(f"first analysis (server restarted, warm cache): {warm_start:.2f} s", flush=True)

        lines = original.split("\n")
        body = next(i for i, line in enumerate(lines) if line.startswith("def ")) + 1
        indent = "    "
        version = 1
        timings: dict[str, list[float]] = {"edit+save": [], "save, no change": [], "policy edit": []}
        for run in range(args.repeat):
            version += 1
            edited = [*lines[:body], f"{indent}_benchmark_edit = {run}", *lines[body:]]
            server.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": "\n".join(edited)}]},
            )
            saved = server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            timings["edit+save"].append(server.published_after(uri, saved) - saved)
            time.sleep(0.5)  # let the debounced didChange run (it finds the same buffer) before the next edit
            saved = server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            timings["save, no change"].append(server.published_after(uri, saved) - saved)
        policy_uri = (root / "privacy-policy.yaml").resolve().as_uri()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": policy_uri, "languageId": "yaml", "version": 1, "text": POLICY}},
        )
        time.sleep(1)
        for _ in range(args.repeat):
            saved = server.notify(
                "textDocument/didSave", {"textDocument": {"uri": policy_uri}}
            )  # the policy buffer judged again
            timings["policy edit"].append(server.published_after(uri, saved) - saved)
        rss, peak = server.memory_mb()
        for label, samples in timings.items():
            print(
                f"{label}: median {statistics.median(samples) * 1000:.0f} ms "
                f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, n={len(samples)})",
                flush=True,
            )
        print(f"server memory: RSS {rss:.0f} MB, peak {peak:.0f} MB")
        server.request("shutdown", None)
        server.notify("exit", None)
        server.process.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
