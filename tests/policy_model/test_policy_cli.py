"""`privlint policy ...` end to end through the CLI entry point: exit codes, discovery, output formats."""

from __future__ import annotations

import json

import jsonschema
import pytest
from policy_texts import BASE, EXAMPLES

from privlint.cli import main


def test_schema_prints_a_valid_draft_2020_12_schema(capsys):
    assert main(["policy", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == {
        "privlint", "policy", "controller", "subjects", "taxonomy", "categories", "purposes", "recipients",
        "transfers", "prohibitions", "rights", "security_measures", "notes", "bindings",
    }  # fmt: skip


@pytest.mark.parametrize("path", EXAMPLES, ids=["optimer", "optimibi"])
def test_examples_validate_cleanly(path, capsys):
    assert main(["policy", "validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "valid (" in captured.err


def test_lint_findings_exit_1_and_print_file_line_col(write_policy, capsys):
    path = write_policy(BASE.replace("    legal_basis: contract\n", ""))
    assert main(["policy", "validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:9:5: PRV105 purposes[essential.service.notifications.email]: purpose "
        "'essential.service.notifications.email' states no legal basis (add legal_basis: consent, contract, "
        "legal_obligation, vital_interests, public_task or legitimate_interests)"
    ]


def test_invalid_file_exits_2_with_prv100(write_policy, capsys):
    path = write_policy(BASE.replace("    role: processor", "    role: procesor"))
    assert main(["policy", "validate", "--policy", str(path)]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:14:11: PRV100 recipients[sendgrid].role: expected one of processor,")


@pytest.mark.parametrize("text", ["", "a: [\n", "- 1\n", "x: 1\nx: 2\n"], ids=["empty", "syntax", "list", "dup"])
def test_never_a_traceback(write_policy, capsys, text):
    path = write_policy(text)
    assert main(["policy", "validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert captured.out.startswith(f"{path}:")


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["policy", "validate", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read policy file" in capsys.readouterr().out


def test_json_output(write_policy, capsys):
    path = write_policy(BASE.replace("    retention: {duration: P30D, trigger: account_closure}\n", ""))
    assert main(["policy", "validate", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True
    assert report["findings"] == [
        {
            "code": "PRV106",
            "path": str(path),
            "line": 6,
            "column": 5,
            "key_path": "categories[user.contact.email]",
            "message": "category 'user.contact.email' has no retention period",
            "hint": "add retention: {duration: P30D, trigger: account_closure}; durations are ISO-8601",
        }
    ]


def test_discovery_in_the_working_directory_and_parents(tmp_path, monkeypatch, capsys):
    (tmp_path / "privacy-policy.yaml").write_text(BASE, encoding="utf-8")
    sub = tmp_path / "src" / "app"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert main(["policy", "validate"]) == 0
    assert str(tmp_path / "privacy-policy.yaml") in capsys.readouterr().err


def test_discovery_through_pyproject(tmp_path, monkeypatch, capsys):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "main.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.privlint]\npolicy = "policies/main.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["policy", "validate"]) == 0
    assert "main.yaml: valid" in capsys.readouterr().err


def test_no_policy_found_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["policy", "validate"]) == 2
    assert "no policy file found" in capsys.readouterr().err


def test_file_and_policy_option_must_agree(write_policy, capsys):
    path = write_policy(BASE)
    assert main(["policy", "validate", str(path), "--policy", "other.yaml"]) == 2
    assert "either as FILE or with --policy" in capsys.readouterr().err


def test_policy_without_action_is_a_usage_error(capsys):
    assert main(["policy"]) == 2


def test_render_writes_to_output_file(tmp_path, capsys):
    out = tmp_path / "notice.html"
    assert main(["policy", "render", "--policy", str(EXAMPLES[0]), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_of_an_invalid_policy_exits_2(write_policy, capsys):
    path = write_policy("privlint: 1.0\n")
    assert main(["policy", "render", "--policy", str(path)]) == 2
    assert "PRV100" in capsys.readouterr().err


def test_fides_round_trip_through_the_cli(tmp_path, capsys):
    manifest = tmp_path / "fides.yaml"
    assert main(["policy", "export-fides", "--policy", str(EXAMPLES[1]), "-o", str(manifest)]) == 0
    assert "not mapped" in capsys.readouterr().err
    imported = tmp_path / "imported.yaml"
    assert main(["policy", "import-fides", str(manifest), "-o", str(imported)]) == 0
    capsys.readouterr()
    assert main(["policy", "validate", str(imported)]) == 0


def test_import_fides_bad_manifest_is_a_usage_error(write_policy, capsys):
    path = write_policy("system: [\n", name="bad.yaml")
    assert main(["policy", "import-fides", str(path)]) == 2
    assert f"{path}:2:1" in capsys.readouterr().err


def test_json_output_for_an_invalid_file(write_policy, capsys):
    path = write_policy("privlint: 1.0\n")
    assert main(["policy", "validate", str(path), "--output-format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert [(f["code"], f["line"], f["column"], f["key_path"]) for f in report["findings"]] == [
        ("PRV100", 1, 1, ""),
        ("PRV100", 1, 1, ""),
        ("PRV100", 1, 1, ""),
        ("PRV100", 1, 11, "privlint"),
    ]


def test_import_fides_missing_manifest_is_a_usage_error(tmp_path, capsys):
    assert main(["policy", "import-fides", str(tmp_path / "none.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_schema_to_file(tmp_path, capsys):
    out = tmp_path / "schema.json"
    assert main(["policy", "schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "privlint privacy policy"


def test_export_fides_lists_every_field_it_cannot_carry(write_policy, tmp_path, capsys):
    text = BASE.replace("controller:\n", "policy:\n  version: 2.1.0\ncontroller:\n  country: DE\n", 1)
    path = write_policy(text)
    assert main(["policy", "export-fides", str(path), "-o", str(tmp_path / "fides.yml")]) == 0
    err = capsys.readouterr().err
    assert "  - policy.version: no fides field\n" in err
    assert "  - controller.country: no fides field\n" in err
