"""Which project a check runs on, whatever the working directory and the paths given.

File arguments (what pre-commit passes) do not narrow the analysis - a flow from a changed view into
an unchanged helper must still be seen - so the project they belong to is analysed
(``analysis_root``); finding paths, and so fingerprints and baselines, are relative to the project
(``project_root``), so a baseline does not depend on where privlint was started.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from privlint.config import Config


def analysis_root(files: frozenset[Path], config: Config, policy_path: Path | None) -> Path:
    """The project a list of files belongs to: the first of the config file's directory, the
    policy's directory, the working directory and the git work tree that contains every file;
    else the files' common directory."""
    candidates = [config.base_dir if config.path else None, policy_path.resolve().parent if policy_path else None]
    candidates += [Path.cwd().resolve(), _git_toplevel(next(iter(files)).parent)]
    for candidate in candidates:
        if candidate is not None and all(f == candidate or candidate in f.parents for f in files):
            return candidate
    return Path(os.path.commonpath([str(f if f.is_dir() else f.parent) for f in files]))


def _git_toplevel(directory: Path) -> Path | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=directory, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 and done.stdout.strip() else None


def project_root(scan_paths: Sequence[str], config: Config, policy_path: Path) -> Path | None:
    """The directory finding paths (and so fingerprints and baselines) are relative to, whatever
    the working directory: the config file's directory, else the policy's, when it contains every
    analysed path; else the engine's default."""
    resolved = [Path(p).resolve() for p in scan_paths]
    for candidate in (config.base_dir if config.path else None, policy_path.resolve().parent):
        if candidate is not None and all(p == candidate or candidate in p.parents for p in resolved):
            return candidate
    return None
