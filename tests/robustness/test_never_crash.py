"""Property tests: no input makes the engine or the policy loader raise.

hypothesmith generates syntactically valid Python from the grammar (the engine's real input);
plain hypothesis generates arbitrary text and bytes (what a broken or hostile repository holds).
Either way the answer is a result or a skip reason, never an exception.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import hypothesmith
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policy_model
from privlint import api

# In CI the examples are derandomised, so a merge gate never turns red by chance; locally each run explores new
# inputs (PRIVLINT_FUZZ_EXAMPLES raises the count for a longer hunt).
SETTINGS = settings(
    max_examples=int(os.environ.get("PRIVLINT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=bool(os.environ.get("CI")),
)

PII_WORDS = ["email", "user.email", "request.remote_addr", "phone_number", "card_number", "ip"]


@SETTINGS
@given(source=hypothesmith.from_grammar())
def test_engine_survives_generated_python(source: str) -> None:
    result = api.scan_sources({"generated.py": source})
    assert len(result.analyzed) + len(result.skipped) == 1
    assert not result.errors, result.errors


@SETTINGS
@given(
    source=st.lists(
        st.sampled_from(
            [
                *PII_WORDS,
                "logging.info(",
                "requests.post(",
                ")",
                "(",
                "[",
                "]",
                " = ",
                "\n",
                "def f(",
                "):\n    ",
                "return ",
                "lambda x: ",
                ", ",
                "f'{",
                "}'",
                "class C:\n    ",
                "self.",
                "await ",
                "*",
                "**",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_engine_survives_pii_shaped_text(source: str) -> None:
    """Fragments of the code privlint cares about, glued at random: mostly invalid, sometimes not."""
    result = api.scan_sources({"fragments.py": source})
    assert len(result.analyzed) + len(result.skipped) == 1
    assert not result.errors, result.errors


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_engine_survives_random_bytes(tmp_path_factory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("bytes")
    (root / "random.py").write_bytes(data)
    result = api.scan([root], root=root, jobs=1)
    assert len(result.analyzed) + len(result.skipped) == 1
    assert not result.errors, result.errors


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(string.printable, max_size=20)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "controller",
                    "categories",
                    "purposes",
                    "recipients",
                    "transfers",
                    "prohibitions",
                    "bindings",
                    "name",
                    "region",
                    "id",
                    "rule",
                    "key",
                    "mechanism",
                    "x",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def _load_never_raises_unexpectedly(path: Path) -> None:
    try:
        policy_model.load(path)
    except policy_model.PolicyError as err:
        text = str(err)
        assert text and "Traceback" not in text
        assert str(path) in text or path.name in text


@SETTINGS
@given(document=yaml_values)
def test_policy_loader_survives_random_structures(tmp_path_factory, document: object) -> None:
    path = tmp_path_factory.mktemp("policy") / "privacy-policy.yaml"
    path.write_text(yaml.safe_dump(document))
    _load_never_raises_unexpectedly(path)


@SETTINGS
@given(text=st.text(max_size=400))
def test_policy_loader_survives_random_text(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("policy") / "privacy-policy.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load_never_raises_unexpectedly(path)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_policy_loader_survives_random_bytes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("policy") / "privacy-policy.yaml"
    path.write_bytes(data)
    _load_never_raises_unexpectedly(path)
