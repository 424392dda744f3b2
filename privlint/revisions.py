"""A git revision's files as a directory privlint can analyse, without touching the user's working tree.

``privlint diff BASE`` analyses the code at ``BASE`` as it analyses the working tree. Checking the
revision out would disturb the user (their index, their files); ``git worktree add`` writes into
``.git``. Instead the revision's files are written from git's object store (``git ls-tree`` and
``git cat-file --batch``, read-only commands) into a tree of privlint's own under the user's cache
directory, ``$XDG_CACHE_HOME/privlint/trees/<repository>/<slot>``, outside the project.

The tree is kept between runs and brought up to date by rewriting only the files whose blobs differ
(a manifest next to it records what was written), so its own ``.privlint_cache`` stays valid: a
second ``privlint diff origin/main`` answers from the cache, and after ``origin/main`` moves by a few
files the incremental solver resumes. The first time, the per-file summaries of the working tree's
cache are copied in: they are keyed by path and content, so every file the revision shares with the
working tree is summarised for free. A tree in use by another run (a lock) is not shared: that run
gets a temporary tree of its own. Only what analysis reads is written: Python files, ``.gitignore``
files, TOML/YAML/JSON configuration (``pyproject.toml``, the policy, catalogue files).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from privlint.errors import UsageError

WRITTEN_SUFFIXES = (".py", ".pyi", ".toml", ".yaml", ".yml", ".json", ".cfg")
WRITTEN_NAMES = (".gitignore",)
MAX_BLOB = 10 * 1024 * 1024  # larger files are never analysed (documents.MAX_BYTES, discovery's size cap)
MANIFEST = "privlint-tree.json"


@dataclass(frozen=True)
class Revision:
    name: str  # as the user wrote it: origin/main
    commit: str  # the full commit id


def repository(start: Path) -> Path:
    """The top of the git work tree containing ``start``; a clear usage error outside one."""
    done = _run(start, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError(
            f"{start.resolve()}: not a git repository. Hint: privlint diff compares git revisions; "
            "run it inside a clone (or use `privlint check` on a plain directory)."
        )
    return Path(done.stdout.strip()).resolve()


def resolve(top: Path, name: str) -> Revision:
    """The commit ``name`` names; an unknown name is a usage error with the fetch hint ``--diff`` gives."""
    from privlint.diffing import fetch_hint

    if name.startswith("-"):
        raise UsageError(f"'{name}' is not a git revision")
    done = _run(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(f"unknown git revision '{name}'. Hint: {fetch_hint(top, name)}")
    return Revision(name, done.stdout.strip())


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("privlint diff needs git on PATH") from None
    except NotADirectoryError:
        raise UsageError(f"{cwd}: not a directory") from None


def trees_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privlint" / "trees"


@contextlib.contextmanager
def checked_out(top: Path, revision: Revision, slot: str, *, seed_cache: Path | None = None) -> Iterator[Path]:
    """A directory holding ``revision``'s files (what analysis reads), for the duration of the block.

    ``slot`` names the kept tree (``base``, ``head``); ``seed_cache``: a ``.privlint_cache`` whose
    per-file summaries a new tree may start from."""
    home = trees_home() / hashlib.sha256(str(top).encode()).hexdigest()[:16]
    lock = _lock(home, slot)
    if lock is None:  # another run has this tree, or the cache directory is not writable
        with tempfile.TemporaryDirectory(prefix="privlint-tree-") as scratch:
            tree = Path(scratch) / "tree"
            _sync(top, revision, tree, Path(scratch) / MANIFEST)
            yield tree
        return
    try:
        tree = home / slot
        fresh = not tree.exists()
        _sync(top, revision, tree, home / f"{slot}.{MANIFEST}")
        if fresh and seed_cache is not None:
            _seed(seed_cache, tree)
        yield tree
    finally:
        lock.close()


def _lock(home: Path, slot: str):  # -> an open file holding the lock, or None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: always a private tree
        return None
    try:
        home.mkdir(parents=True, exist_ok=True)
        handle = (home / f"{slot}.lock").open("w")
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _wanted(path: str) -> bool:
    name = PurePosixPath(path).name
    return name in WRITTEN_NAMES or name.endswith(WRITTEN_SUFFIXES)


def _listing(top: Path, commit: str) -> dict[str, tuple[str, str]]:
    """path -> (mode, blob id) of the files analysis reads (submodules and huge blobs left out)."""
    done = subprocess.run(
        ["git", "ls-tree", "-r", "-z", "--long", "--full-tree", commit],
        cwd=top,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise UsageError(f"git ls-tree {commit[:12]} failed: {done.stderr.decode(errors='replace').strip()}")
    entries: dict[str, tuple[str, str]] = {}
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        path = raw_path.decode("utf-8", errors="surrogateescape")
        parts = PurePosixPath(path).parts
        if kind != "blob" or mode == "120000" or not _wanted(path) or ".." in parts or path.startswith("/"):
            continue  # symlinks are not followed into a tree of ours: what they name may lie outside it
        if size.isdigit() and int(size) > MAX_BLOB:
            continue
        entries[path] = (mode, blob)
    return entries


def _sync(top: Path, revision: Revision, tree: Path, manifest: Path) -> None:
    """Make ``tree`` hold exactly the wanted files of ``revision`` (others it holds, such as its
    ``.privlint_cache``, are left alone)."""
    wanted = _listing(top, revision.commit)
    try:
        written = {k: tuple(v) for k, v in json.loads(manifest.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        written = None
    if written is None and tree.exists():  # no trustworthy record of what is there: start afresh
        shutil.rmtree(tree, ignore_errors=True)
        written = {}
    written = written or {}
    tree.mkdir(parents=True, exist_ok=True)
    root = tree.resolve()
    for path in set(written) - set(wanted):
        with contextlib.suppress(OSError):
            (root / path).unlink()
    todo = {path: entry for path, entry in wanted.items() if written.get(path) != entry}
    manifest.unlink(missing_ok=True)  # a run interrupted from here on leaves no manifest: the next starts afresh
    for path, data in _blobs(top, todo):
        target = root / path
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest.write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")


def _blobs(top: Path, entries: dict[str, tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) for each entry, read through one ``git cat-file --batch``."""
    if not entries:
        return
    order = list(entries)
    process = subprocess.Popen(
        ["git", "cat-file", "--batch"],
        cwd=top,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None

    def feed() -> None:
        try:
            for path in order:
                process.stdin.write(entries[path][1].encode() + b"\n")  # type: ignore[union-attr]
            process.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for path in order:
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise UsageError(f"git cat-file could not read {path} ({b' '.join(header).decode(errors='replace')})")
            data = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            yield path, data
    finally:
        process.stdout.close()
        process.wait()
        writer.join()


def _seed(cache: Path, tree: Path) -> None:
    """Start a new tree's cache from the working tree's per-file summaries (content-keyed, so shared
    files hit; the whole-run entries are bound to their root and are not copied)."""
    from privlint.engine.cache import CACHE_DIR, FORMAT

    source = cache / f"v{FORMAT}" / "summaries.pack"
    target = tree / CACHE_DIR / f"v{FORMAT}" / "summaries.pack"
    if source.is_file() and not target.exists():
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
