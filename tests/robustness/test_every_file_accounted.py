"""Every ``.py`` file under the scanned paths is either analysed or skipped with a reason.

A privacy gate that silently drops a file is worse than one that fails loudly: a reviewer would
believe code was checked that never was. These tests build a tree of the awkward files real
repositories contain and check that each one is accounted for and the rest of the scan completes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from privlint import api
from privlint.cli import main

GOOD = 'import logging\nlog = logging.getLogger(__name__)\n\ndef signup(email):\n    log.info("new user %s", email)\n'


def build_tree(root: Path) -> dict[str, str]:
    """Write the awkward files; return relative path -> the word its skip reason must contain
    ("" for files that must be analysed)."""
    expect: dict[str, str] = {}

    def write(rel: str, data: bytes, reason: str = "") -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect[rel] = reason

    write("app/good.py", GOOD.encode())
    write("app/syntax_error.py", b"def broken(:\n    pass\n", "SyntaxError")
    write("app/python2.py", b'print "hello"\nexec "x = 1"\n', "SyntaxError")
    write("app/bom.py", b"\xef\xbb\xbf" + GOOD.encode())
    write("app/crlf.py", GOOD.replace("\n", "\r\n").encode())
    write("app/tabs.py", b"def f(email):\n\tif email:\n\t\tprint(email)\n")
    write("app/latin1_cookie.py", b"# -*- coding: latin-1 -*-\nname = 'Jos\xe9'\nprint(name)\n")
    write("app/latin1_no_cookie.py", b"name = 'Jos\xe9'\nprint(name)\n", "decod")
    write("app/nul_bytes.py", b"x = 1\n\x00\x00\ny = 2\n", "")  # reason checked loosely below
    write("app/empty.py", b"")
    write("app/deep_nesting.py", b"x = " + b"[" * 500 + b"]" * 500 + b"\n", "")
    generated = "".join(f"value_{i} = {i}\n" for i in range(100_000)).encode()
    write("app/generated_huge.py", generated, "")
    # Symlink loop and a dangling link (a file that vanished between listing and reading).
    (root / "app" / "loop").symlink_to(root / "app")
    (root / "app" / "vanished.py").symlink_to(root / "app" / "does_not_exist.py")
    expect["app/vanished.py"] = ""
    # A named pipe would block a naive reader forever.
    os.mkfifo(root / "app" / "pipe.py")
    expect["app/pipe.py"] = ""
    return expect


def test_scan_accounts_for_every_file(tmp_path: Path) -> None:
    expect = build_tree(tmp_path)
    result = api.scan([tmp_path], root=tmp_path, jobs=1)
    skipped = {s.path: s.reason for s in result.skipped}
    analyzed = set(result.analyzed)
    assert not analyzed & set(skipped), "a file is both analysed and skipped"
    # Files reached only through the symlink loop must not be counted twice or recursed forever.
    assert all(not p.startswith("app/loop/") for p in analyzed | set(skipped))
    for rel, reason in expect.items():
        assert rel in analyzed or rel in skipped, f"{rel} was silently lost"
        if reason:
            assert rel in skipped and reason.lower() in skipped[rel].lower(), (rel, skipped.get(rel))
    assert "app/good.py" in analyzed
    for rel in ("app/bom.py", "app/crlf.py", "app/tabs.py", "app/latin1_cookie.py", "app/empty.py"):
        assert rel in analyzed, (rel, skipped.get(rel))
    for rel in ("app/vanished.py", "app/pipe.py"):
        assert skipped.get(rel), rel
    # The good file's flow is still found: the bad neighbours did not stop the scan.
    assert any(f.location.path == "app/good.py" and f.sink.kind == "log" for f in result.flows)


def test_syntax_error_reason_has_a_position(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n    pass\n")
    result = api.scan([tmp_path], root=tmp_path, jobs=1)
    (skip,) = result.skipped
    assert skip.path == "bad.py"
    assert "line 1" in skip.reason


def test_cli_scan_lists_skipped_files_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.py").write_text(GOOD)
    (tmp_path / "bad.py").write_text("class (:\n")
    code = main(["scan", str(tmp_path), "--output-format", "json", "--jobs", "1"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"]["analyzed"] == 1
    assert [s["path"] for s in report["files"]["skipped"]] == ["bad.py"]
