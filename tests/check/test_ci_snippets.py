"""The GitLab CI snippet in README.md is valid YAML whose script is valid shell (``bash -n``), and it posts the
data-flow diff on merge requests only with a token (issue 17). It cannot be run against GitLab here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

README = Path(__file__).resolve().parents[2] / "README.md"


def gitlab_job() -> dict:
    text = README.read_text(encoding="utf-8")
    start = text.index("```yaml", text.index("**GitLab CI**")) + len("```yaml")
    return yaml.safe_load(text[start : text.index("```", start)])["privlint"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_gitlab_snippet_is_valid_yaml_and_shell() -> None:
    for line in gitlab_job()["script"]:
        checked = subprocess.run(["bash", "-n", "-c", line], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_the_gitlab_snippet_posts_the_diff_only_with_a_token() -> None:
    script = " ".join(gitlab_job()["script"])
    assert "privlint diff $CI_MERGE_REQUEST_DIFF_BASE_SHA --format md -o privlint-diff.md" in script
    assert '[ -n "$PRIVLINT_GITLAB_TOKEN" ]' in script
    assert "/merge_requests/$CI_MERGE_REQUEST_IID/notes" in script
