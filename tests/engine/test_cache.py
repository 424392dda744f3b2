"""The summary and result cache: a warm run answers exactly what a cold run answers.

Each change that can alter a result must invalidate what it affects — an edited, renamed or
deleted file, another policy, another plugin set, another privlint — and a corrupt or planted
cache entry must be recomputed, never trusted (the cache lives in the untrusted scanned tree).
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from privlint import api
from privlint.cli import main
from privlint.engine import cache as cache_module
from privlint.engine import run as run_module
from privlint.serialize import scan_result_to_dict

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "services"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "optimer"


@pytest.fixture(autouse=True)
def private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    target = tmp_path / "services"
    shutil.copytree(CORPUS, target)
    return target


class Counter:
    """Counts files actually summarised (cache misses) by wrapping the worker."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        original = run_module._Worker._summarise

        def counted(worker: run_module._Worker, job: run_module.Job, data: bytes, force: bool) -> run_module.Outcome:
            self.paths.append(job.path)
            return original(worker, job, data, force)

        monkeypatch.setattr(run_module._Worker, "_summarise", counted)


def scan(tree: Path, cache: bool = True) -> dict:
    return scan_result_to_dict(api.scan([tree], root=tree, jobs=1, cache=cache))


def test_warm_run_is_identical_and_parses_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = scan(tree)
    assert (tree / ".privlint_cache" / ".gitignore").read_text().strip().endswith("*")
    counter = Counter(monkeypatch)
    assert scan(tree) == cold
    assert counter.paths == []
    (tree / ".privlint_cache" / "v3" / "scan.pickle").unlink()  # the solved program and summaries left
    assert scan(tree) == cold
    assert counter.paths == []
    (tree / ".privlint_cache" / "v3" / "state.pickle").unlink()  # only per-file summaries left
    assert scan(tree) == cold
    assert counter.paths == []
    assert scan(tree, cache=False) == cold


def test_edit_rename_delete_invalidate_only_those_files(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan(tree)
    files = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.py"))
    edited = next(f for f in files if "email" in (tree / f).read_text())
    counter = Counter(monkeypatch)

    path = tree / edited
    path.write_text(path.read_text() + "\n\ndef leak(email):\n    print(email)\n")
    warm = scan(tree)
    assert counter.paths == [edited]
    assert warm == scan(tree, cache=False)
    assert any(f["location"]["path"] == edited and f["sink"]["callee"] == "print" for f in warm["flows"])

    counter.paths.clear()
    renamed = edited.replace(".py", "_renamed.py")
    path.rename(tree / renamed)
    warm = scan(tree)
    assert renamed in counter.paths and edited not in counter.paths
    assert warm == scan(tree, cache=False)
    assert not any(f["location"]["path"] == edited for f in warm["flows"])

    counter.paths.clear()
    (tree / renamed).unlink()
    warm = scan(tree)
    assert warm == scan(tree, cache=False)
    assert all(f["location"]["path"] != renamed for f in warm["flows"])


def test_plugin_set_and_privlint_version_invalidate_everything(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(tree), "--output-format", "json", "--jobs", "1"]) == 0
    with_logging = json.loads(capsys.readouterr().out)
    assert any(f["sink"]["kind"] == "log" for f in with_logging["flows"])
    counter = Counter(monkeypatch)
    assert main(["scan", str(tree), "--output-format", "json", "--jobs", "1", "-p", "no:python_logging"]) == 0
    without = json.loads(capsys.readouterr().out)
    assert counter.paths, "another plugin set must not reuse summaries"
    assert not any(f["sink"]["kind"] == "log" for f in without["flows"])

    counter.paths.clear()
    cache_module.code_digest.cache_clear()
    monkeypatch.setattr(cache_module, "__version__", "999.0")
    assert main(["scan", str(tree), "--output-format", "json", "--jobs", "1"]) == 0
    assert json.loads(capsys.readouterr().out) == with_logging
    assert counter.paths, "another privlint version must not reuse summaries"
    cache_module.code_digest.cache_clear()


def test_policy_change_changes_findings_on_a_warm_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = tmp_path / "optimer"
    shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns(".privlint_cache"))
    argv = ["check", str(app), "--output-format", "json", "--jobs", "1"]
    main(argv)
    before = json.loads(capsys.readouterr().out)
    policy = app / "privacy-policy.yaml"
    policy.write_text(policy.read_text().replace("id: no-card-storage", "id: no-card-storage-renamed"))
    main(argv)
    after = json.loads(capsys.readouterr().out)
    assert before["policy"]["digest"] != after["policy"]["digest"]
    renamed = [f for f in after["findings"] if "no-card-storage-renamed" in f["message"]]
    assert renamed and len(after["findings"]) == len(before["findings"])


def test_corrupt_and_planted_entries_are_recomputed_not_trusted(tree: Path, tmp_path: Path) -> None:
    cold = scan(tree)
    store = tree / ".privlint_cache" / "v3"
    summaries = store / "summaries.pack"
    blob = bytearray(summaries.read_bytes())
    blob[-10] ^= 0xFF  # one flipped byte: the MAC no longer verifies
    summaries.write_bytes(bytes(blob))
    marker = tmp_path / "PWNED"

    class Exploit:
        def __reduce__(self) -> tuple:
            return (open, (str(marker), "w"))

    # A planted entry with a well-formed header but no valid MAC: must never be unpickled.
    (store / "scan.pickle").write_bytes(cache_module.MAGIC + b"\0" * 32 + pickle.dumps(Exploit()))
    assert scan(tree) == cold
    assert not marker.exists()
    (store / "scan.pickle").write_bytes(b"garbage")
    assert scan(tree) == cold
