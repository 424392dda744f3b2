"""Which files a scan reads: .gitignore, config excludes, always-skipped directories, limits."""

from __future__ import annotations

from pathlib import Path

from privlint import api
from privlint.discovery import discover, module_names


def write(root: Path, rel: str, text: str = "x = 1\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_gitignore_excludes_and_skipped_dirs(tmp_path: Path) -> None:
    for rel in (
        "app/main.py",
        "app/generated/schema.py",
        "app/keep/generated.py",
        "build/out.py",
        ".venv/lib/site.py",
        "node_modules/pkg/x.py",
        "app/__pycache__/main.py",
        ".privlint_cache/x.py",
        "legacy/old.py",
        "README.md",
    ):
        write(tmp_path, rel)
    (tmp_path / ".gitignore").write_text("build/\n/app/generated/\n*.md\n")
    (tmp_path / "app" / "keep" / ".gitignore").write_text("generated.py\n!important.py\n")
    found = discover([str(tmp_path)], root=tmp_path, excludes=["legacy/**"])
    assert [f.path for f in found.files] == ["app/main.py"]
    assert found.skipped == []


def test_explicit_file_is_scanned_even_if_ignored(tmp_path: Path) -> None:
    write(tmp_path, "build/tool.py")
    (tmp_path / ".gitignore").write_text("build/\n")
    found = discover([str(tmp_path / "build" / "tool.py")], root=tmp_path)
    assert [f.path for f in found.files] == ["build/tool.py"]


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    write(tmp_path, "big.py", "x = 1\n" * 100)
    write(tmp_path, "small.py")
    result = api.scan([tmp_path], root=tmp_path, jobs=1, config={"max-file-size": 100})
    assert result.analyzed == ("small.py",)
    assert [s.path for s in result.skipped] == ["big.py"]
    assert "too large" in result.skipped[0].reason


def test_config_exclude_through_api(tmp_path: Path) -> None:
    write(tmp_path, "app/a.py")
    write(tmp_path, "app/tests/test_a.py")
    result = api.scan([tmp_path], root=tmp_path, jobs=1, config={"exclude": ["**/tests/"]})
    assert result.analyzed == ("app/a.py",)


def test_module_names_follow_packages() -> None:
    names = module_names(["src/app/__init__.py", "src/app/billing.py", "src/app/sub/x.py", "manage.py"])
    assert names["src/app/billing.py"] == ("app.billing", False)
    assert names["src/app/__init__.py"] == ("app", True)
    assert names["src/app/sub/x.py"] == ("x", False)  # sub/ has no __init__.py: not a package
    assert names["manage.py"] == ("manage", False)


def test_virtualenvs_are_recognised_by_their_marker_not_their_name(tmp_path: Path) -> None:
    write(tmp_path, "env/lib/python3.11/site-packages/requests/api.py")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    write(tmp_path, "venv/__init__.py")  # the standard library's own ``venv`` package: real code
    found = discover([str(tmp_path)], root=tmp_path)
    assert [f.path for f in found.files] == ["venv/__init__.py"]
