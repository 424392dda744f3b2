"""`privlint policy taxonomy` through the CLI: every key a policy may name, with its description, in text and
JSON (privlint/schemas/taxonomy.schema.json), plus a given policy's own extensions (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from policy_texts import BASE, EXAMPLES

import privlint
from privlint.cli import main

SCHEMA = json.loads((Path(privlint.__file__).parent / "schemas" / "taxonomy.schema.json").read_text())
OPTIMER = EXAMPLES[0]


def listing(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["policy", "taxonomy", "--format", "json", *argv]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    return document


def test_json_lists_every_fideslang_key_with_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    document = listing(capsys)
    assert (document["taxonomy"], document["version"], document["policy"]) == ("fideslang", "3.1.4", None)
    assert "CC BY 4.0" in document["license"] and "Ethyca" in document["license"]
    assert [len(document[k]) for k in ("data_categories", "data_uses", "data_subjects")] == [85, 56, 15]
    email = next(t for t in document["data_categories"] if t["key"] == "user.contact.email")
    assert email == {
        "key": "user.contact.email",
        "name": "User Contact Email",
        "description": "User's contact email address.",
        "parent": "user.contact",
        "deprecated": None,
        "replaced_by": None,
        "source": "fideslang",
    }
    profiling = next(t for t in document["data_uses"] if t["key"] == "personalize.profiling")
    assert (profiling["deprecated"], profiling["replaced_by"]) == ("2.1.1", "personalize.content.profiling")
    assert all(t["source"] == "fideslang" for k in ("data_categories", "data_uses") for t in document[k])


def test_a_given_policy_adds_its_extensions(capsys: pytest.CaptureFixture[str]) -> None:
    document = listing(capsys, str(OPTIMER))
    assert document["policy"] == str(OPTIMER)
    own = [t for t in document["data_categories"] if t["source"] == "policy"]
    assert [(t["key"], t["parent"], t["name"]) for t in own] == [
        ("user.device.user_agent", "user.device", "Browser and device details")
    ]
    assert listing(capsys, "--policy", str(OPTIMER)) == document


def test_no_policy_is_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The listing does not depend on where it runs: only a policy named on the command line counts."""
    (tmp_path / "privacy-policy.yaml").write_text(OPTIMER.read_text())
    monkeypatch.chdir(tmp_path)
    assert all(t["source"] == "fideslang" for t in listing(capsys)["data_categories"])


def test_text_is_one_line_per_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "taxonomy", str(OPTIMER)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("fideslang 3.1.4 taxonomy, CC BY 4.0")
    assert "data categories (86)" in lines and "data uses (56)" in lines and "data subjects (15)" in lines
    email = next(line for line in lines if line.split()[:1] == ["user.contact.email"])
    assert email.endswith("User Contact Email: User's contact email address.")
    agent = next(line for line in lines if line.split()[:1] == ["user.device.user_agent"])
    assert agent.endswith(f"[extension in {OPTIMER}]")
    assert any("personalize.profiling" in line and "[deprecated since 2.1.1; use personalize.content.profiling]"
               in line for line in lines)  # fmt: skip
    assert captured.err == f"privlint: 86 data categories, 56 data uses, 15 data subjects (1 from {OPTIMER})\n"


def test_output_file_and_its_extension(tmp_path: Path) -> None:
    target = tmp_path / "taxonomy.json"
    assert main(["policy", "taxonomy", "-o", str(target)]) == 0
    assert len(json.loads(target.read_text())["data_subjects"]) == 15


def test_an_invalid_policy_is_exit_2_with_its_position(write_policy, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_policy(BASE.replace("  region: EEA\n", "  region: Europe\n"))
    assert main(["policy", "taxonomy", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"{path}:4:11: PRV100 controller.region:")


def test_a_missing_policy_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "taxonomy", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read policy file" in capsys.readouterr().err


def test_a_policy_given_twice_differently_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["policy", "taxonomy", str(OPTIMER), "--policy", str(tmp_path / "other.yaml")]) == 2
    assert "either as FILE or with --policy" in capsys.readouterr().err
