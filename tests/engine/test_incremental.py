"""A run after an edit resumes the last solved program (``privlint.engine.incremental``): it must
answer exactly what a cold, uncached run answers, for edits that add flows, remove them, or only
move lines, in every function of realistic trees. The edits are generated from the files' syntax
trees, so each function of the trees is edited, not a hand-picked few."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from privlint import api
from privlint.engine import run as run_module
from privlint.serialize import scan_result_to_dict

ROOT = Path(__file__).resolve().parents[2]
TREES = {
    "corpus": ROOT / "tests" / "corpus",
    "optimer": ROOT / "examples" / "optimer" / "app",
    "optimibi": ROOT / "examples" / "optimibi" / "app",
}


@pytest.fixture(autouse=True)
def private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))


class ResumeSpy:
    """Records whether each run resumed the previous program, and how many functions it re-solved."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.resolved: list[int | None] = []
        original = run_module.resume

        def spied(*args: object, **kwargs: object) -> object:
            answer = original(*args, **kwargs)  # type: ignore[arg-type]
            self.resolved.append(None if answer is None else len(answer[1]))
            return answer

        monkeypatch.setattr(run_module, "resume", spied)


def scan(tree: Path, cache: bool) -> dict:
    return scan_result_to_dict(api.scan([tree], root=tree, jobs=1, cache=cache))


def body_edits(source: str) -> Iterator[tuple[str, str]]:
    """(description, edited source) for each function: a new sink of its first parameter at the top
    of its body, its last one-line statement dropped, and a blank line that moves everything below."""
    lines = source.splitlines(keepends=True)
    functions = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for node in sorted(functions, key=lambda n: n.lineno):
        first, last = node.body[0], node.body[-1]
        indent = " " * first.col_offset
        params = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
        argument = params[0] if params else '"edited"'
        at = first.lineno - 1
        yield f"{node.name}: print({argument})", "".join([*lines[:at], f"{indent}print({argument})\n", *lines[at:]])
        if last.lineno == last.end_lineno and len(node.body) > 1:
            dropped = [*lines[: last.lineno - 1], f"{' ' * last.col_offset}pass\n", *lines[last.lineno :]]
            yield f"{node.name}: drop line {last.lineno}", "".join(dropped)
        yield f"{node.name}: blank line", "".join([*lines[: node.lineno - 1], "\n", *lines[node.lineno - 1 :]])


def edits_of(tree: Path, limit: int) -> list[tuple[Path, str, str]]:
    found = []
    for path in sorted(tree.rglob("*.py")):
        source = path.read_text()
        try:
            found += [(path, what, edited) for what, edited in body_edits(source)]
        except SyntaxError:
            continue  # the corpus's deliberately broken files
    step = max(1, len(found) // limit)
    return found[::step]


@pytest.mark.parametrize("name", sorted(TREES))
def test_resumed_runs_answer_what_a_cold_run_answers(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / name
    shutil.copytree(TREES[name], tree, ignore=shutil.ignore_patterns(".privlint_cache", "__pycache__"))
    scan(tree, cache=True)
    spy = ResumeSpy(monkeypatch)
    edits = edits_of(tree, limit=45)
    assert len(edits) >= 20
    changed_results = 0
    for path, what, edited in edits:
        original = path.read_text()
        try:
            compile(edited, str(path), "exec")
        except SyntaxError:
            continue
        path.write_text(edited)
        warm = scan(tree, cache=True)
        cold = scan(tree, cache=False)
        assert warm == cold, f"{path.relative_to(tree)}: {what}"
        changed_results += warm != scan_after_restore(path, original, tree)
    # Most edits of function bodies keep the interface: they must not fall back to a full solve.
    resumed = [n for n in spy.resolved if n is not None]
    assert len(resumed) >= len(spy.resolved) * 0.8, spy.resolved
    assert changed_results >= 5, "the edits must change results, or the comparison proves little"


def scan_after_restore(path: Path, original: str, tree: Path) -> dict:
    """Undo the edit; the resumed run back to the original must match a cold run too."""
    path.write_text(original)
    warm = scan(tree, cache=True)
    assert warm == scan(tree, cache=False), f"{path.relative_to(tree)}: restored"
    return warm


def test_interface_changes_fall_back_to_a_full_solve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "optimer"
    shutil.copytree(TREES["optimer"], tree, ignore=shutil.ignore_patterns(".privlint_cache", "__pycache__"))
    scan(tree, cache=True)
    spy = ResumeSpy(monkeypatch)
    target = next(p for p in sorted(tree.rglob("*.py")) if "def " in p.read_text())
    target.write_text(target.read_text() + "\n\ndef added_helper(email):\n    print(email)\n")
    warm = scan(tree, cache=True)
    assert spy.resolved == [None]
    assert warm == scan(tree, cache=False)
    assert any(f["function"].endswith("added_helper") for f in warm["flows"])


def test_an_edit_that_needs_an_unparsed_file_parses_it_and_matches_a_cold_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``app/transport.py`` names no personal data, so it is not parsed until data reaches it; the
    edit makes the view pass the email there, so the resumed run must parse it on demand."""
    tree = tmp_path / "shop"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "__init__.py").write_text("")
    (tree / "app" / "transport.py").write_text(
        "import requests\n\n\ndef deliver(payload):\n"
        "    requests.post('https://api.mixpanel.com/track', json=payload)\n"
    )
    view = tree / "app" / "views.py"
    view.write_text(
        "from app.transport import deliver\n\n\ndef signup(request):\n"
        "    email = request.POST['email']\n    deliver({'event': 'signup'})\n"
    )
    before = scan(tree, cache=True)
    assert not any(f["sink"]["host"] == "api.mixpanel.com" for f in before["flows"])
    spy = ResumeSpy(monkeypatch)
    view.write_text(view.read_text().replace("{'event': 'signup'}", "{'event': 'signup', 'email': email}"))
    warm = scan(tree, cache=True)
    assert spy.resolved != [None], "a body edit resumes"
    assert warm == scan(tree, cache=False)
    assert any(f["sink"]["host"] == "api.mixpanel.com" and f["category"] == "user.contact.email" for f in warm["flows"])


def test_file_level_facts_survive_a_resumed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo-data generator (Faker) and an error tracker's installer (``sentry_sdk.init``) are facts about a
    file, not about a function body: after an edit elsewhere, the resumed run still hides the made-up people and
    still gives exception flows to the tracker, as a cold run does."""
    tree = tmp_path / "shop"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "__init__.py").write_text("")
    (tree / "app" / "settings.py").write_text(
        "import sentry_sdk\n\nsentry_sdk.init(dsn='https://k@o1.ingest.sentry.io/1')\n"
    )
    (tree / "app" / "fake.py").write_text(
        "from faker import Faker\nfrom app.views import Child\n\n"
        "def handle():\n    fake = Faker()\n    Child.objects.create(first_name=fake.first_name())\n"
    )
    view = tree / "app" / "views.py"
    view.write_text(
        "from django.db import models\n\nclass Child(models.Model):\n    pass\n\n"
        "def add(request):\n    Child.objects.create(first_name=request.POST['first_name'])\n\n"
        "def close(user):\n    raise ValueError(f'cannot close {user.email}')\n"
    )
    scan(tree, cache=True)
    spy = ResumeSpy(monkeypatch)
    view.write_text(view.read_text().replace("cannot close", "will not close"))
    warm = api.scan([tree], root=tree, cache=True)
    assert spy.resolved != [None], "a body edit resumes"
    assert warm.demo_files == frozenset({"app/fake.py"})
    raised = [f for f in warm.flows if f.sink.kind == "exception"]
    assert [(f.category, f.sink.recipient) for f in raised] == [("user.contact.email", "sentry")]
