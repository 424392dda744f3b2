"""The on-disk cache in ``<root>/.privlint_cache/``: what makes a warm run instant.

Three entries, each a pure function of its key, so a hit can never change a result:

* ``summaries.pack``: per-file outcomes (summary, deferred-with-imports, or skip reason) keyed by
  sha256(privlint version, catalogue digest, path, module, file bytes). A *pack*: each outcome is
  pickled on its own and indexed, so a run that needs three files' bodies unpickles three, and a
  run that rewrites the pack copies the unchanged entries as bytes instead of pickling them again;
* ``scan``: the whole ``ScanResult`` of the last run, keyed by all per-file keys plus what
  discovery skipped, so a run over unchanged files answers without solving again;
* ``tables`` and ``state``: the solved program of the last run (``privlint.engine.program``), from
  which a run after a small edit re-solves only the functions the edit can affect
  (``privlint.engine.incremental``); ``tables`` holds what changes only when files join the
  program and is rewritten only then.

Why pickle, and why that is safe here: decoding JSON back into summaries measured slower than
re-parsing the source, while pickle loads them at C speed. But the cache directory lives inside the
scanned tree, which privlint does not trust, and unpickling a planted file would run code. So every
entry is authenticated with an HMAC-SHA256 under a secret that never lives in the scanned tree
(``$XDG_CACHE_HOME/privlint/cache-key``, created with mode 0600 on first use); the MAC also binds
the privlint version, a digest of privlint's own code and the catalogue digest. An entry whose
MAC does not verify (planted, corrupt, truncated, from another version or plugin set) is deleted
and recomputed, never unpickled.
Without a usable secret (read-only home) the run simply goes uncached.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

from privlint import __version__
from privlint.catalogue import Catalogue

CACHE_DIR = ".privlint_cache"
FORMAT = 3
MAGIC = b"privlint-cache\x00"
PACK_MAGIC = b"privlint-pack\x00"
_MAC_SIZE = hashlib.sha256().digest_size
_GITIGNORE = "# Created by privlint: never commit the cache.\n*\n"
_CACHEDIR_TAG = "Signature: 8a477f597d28d25a22d5d7e2b4f0e96f\n# privlint cache (https://bford.info/cachedir/)\n"


def catalogue_digest(catalogue: Catalogue) -> str:
    return hashlib.sha256(catalogue.digest_material().encode()).hexdigest()


def secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privlint" / "cache-key"


def _secret() -> bytes | None:
    """The per-user MAC key, created on first use; None when it cannot be read or made."""
    path = secret_path()
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key
    except OSError:
        return None


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 of privlint's and the built-in plugins' own source: an edited engine (a developer's
    checkout, a patched install) must never be answered from a cache its old self wrote."""
    import plugins

    digest = hashlib.sha256(__version__.encode())
    for package in (Path(__file__).resolve().parents[1], Path(plugins.__file__).resolve().parent):
        for source in sorted(package.rglob("*.py")):
            digest.update(source.relative_to(package.parent).as_posix().encode() + b"\0")
            digest.update(source.read_bytes())
    return digest.hexdigest()


class CacheStore:
    """Authenticated pickle entries under ``<root>/.privlint_cache/v<FORMAT>/``."""

    def __init__(self, root: str | Path, catalogue_key: str, secret: bytes) -> None:
        self.directory = Path(root) / CACHE_DIR / f"v{FORMAT}"
        self.namespace = f"{__version__}\0{code_digest()}\0{catalogue_key}\0".encode()
        self._secret = secret

    @classmethod
    def open(cls, root: str | Path, catalogue: Catalogue) -> CacheStore | None:
        secret = _secret()
        return cls(root, catalogue_digest(catalogue), secret) if secret is not None else None

    def file_key(self, path: str, module: str, is_package: bool, data: bytes) -> str:
        digest = hashlib.sha256(self.namespace)
        digest.update(f"{path}\0{module}\0{is_package}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def _mac(self, name: str, payload: bytes) -> bytes:
        return hmac.new(self._secret, self.namespace + name.encode() + b"\0" + payload, hashlib.sha256).digest()

    def load(self, name: str) -> Any:
        entry = self.directory / f"{name}.pickle"
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        header = len(MAGIC) + _MAC_SIZE
        payload = blob[header:]
        if blob[: len(MAGIC)] != MAGIC or not hmac.compare_digest(blob[len(MAGIC) : header], self._mac(name, payload)):
            self._discard(entry)
            return None
        try:
            return pickle.loads(payload)  # authenticated: written by this user's privlint, same version
        except Exception:  # an old class layout within one version: recompute
            self._discard(entry)
            return None

    def save(self, name: str, value: Any) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._write(f"{name}.pickle", MAGIC + self._mac(name, payload) + payload)

    def load_pack(self, name: str) -> Pack:
        """The pack ``name`` (empty when missing or when its index does not verify)."""
        entry = self.directory / f"{name}.pack"
        try:
            blob = entry.read_bytes()
        except OSError:
            return Pack(self, b"", {})
        header = len(PACK_MAGIC) + 8 + _MAC_SIZE
        if len(blob) >= header and blob[: len(PACK_MAGIC)] == PACK_MAGIC:
            (start,) = struct.unpack_from("<Q", blob, len(PACK_MAGIC))
            mac = blob[len(PACK_MAGIC) + 8 : header]
            if header <= start <= len(blob) and hmac.compare_digest(mac, self._mac(name, blob[start:])):
                try:
                    index = pickle.loads(blob[start:])  # authenticated, like every entry
                except Exception:
                    index = None
                if isinstance(index, dict):
                    return Pack(self, blob, index)
        self._discard(entry)
        return Pack(self, b"", {})

    def save_pack(self, name: str, entries: dict[str, Any], previous: Pack) -> None:
        """Write ``entries`` (key -> object) as the pack ``name``; objects that came from ``previous``
        unchanged (``Pack.get`` remembers them) are copied as bytes, not pickled again."""
        body = bytearray()
        index: dict[str, tuple[int, int, bytes]] = {}
        header = len(PACK_MAGIC) + 8 + _MAC_SIZE
        for key, value in entries.items():
            raw = previous.raw(key, value)
            if raw is None:
                payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                raw = (payload, hashlib.sha256(payload).digest())
            index[key] = (header + len(body), len(raw[0]), raw[1])
            body += raw[0]
        trailer = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
        start = header + len(body)
        blob = b"".join((PACK_MAGIC, struct.pack("<Q", start), self._mac(name, trailer), bytes(body), trailer))
        self._write(f"{name}.pack", blob)

    def _write(self, filename: str, blob: bytes) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            top = self.directory.parent
            for marker, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                if not (top / marker).exists():
                    (top / marker).write_text(text)
            temporary = self.directory / f".{filename}.{os.getpid()}.tmp"
            temporary.write_bytes(blob)
            os.replace(temporary, self.directory / filename)  # readers never see half an entry
        except OSError:
            pass  # a read-only tree simply runs without a cache

    @staticmethod
    def _discard(entry: Path) -> None:
        with contextlib.suppress(OSError):
            entry.unlink()


class Pack:
    """Entries of one pack file: the index (key -> offset, length, sha256) is authenticated by the
    store's MAC, so an entry whose bytes hash to its indexed digest is authentic too."""

    def __init__(self, store: CacheStore, blob: bytes, index: dict[str, tuple[int, int, bytes]]) -> None:
        self._store = store
        self._blob = memoryview(blob)
        self._index = index
        self._loaded: dict[str, tuple[Any, tuple[bytes, bytes]]] = {}  # key -> (object, its bytes)

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def __len__(self) -> int:
        return len(self._index)

    def get(self, key: str) -> Any:
        """The entry's object, or None when absent or when its bytes do not match the index."""
        spot = self._index.get(key)
        if spot is None:
            return None
        offset, length, digest = spot
        payload = bytes(self._blob[offset : offset + length])
        if len(payload) != length or not hmac.compare_digest(hashlib.sha256(payload).digest(), digest):
            return None
        try:
            value = pickle.loads(payload)
        except Exception:
            return None
        self._loaded[key] = (value, (payload, digest))
        return value

    def raw(self, key: str, value: Any) -> tuple[bytes, bytes] | None:
        """The stored bytes of ``key`` (and their digest) if ``value`` is the very object ``get``
        returned for it."""
        loaded = self._loaded.get(key)
        return loaded[1] if loaded is not None and loaded[0] is value else None
