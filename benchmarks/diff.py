"""Time ``privlint diff`` on a large application: a one-file change against the last commit (issue 17).

    .venv/bin/python benchmarks/diff.py /work/apps/saleor --privlint .venv/bin/privlint --repeat 5

The repository is cloned into a temporary directory (the source is never written to), a policy that
declares nothing is committed there (every flow is a finding: the most work for the checks and for the
patch ``diff`` suggests), and a function body of ``saleor/account/events.py`` is edited in the working tree
(``run.body_edit``: ``print(<parameter>)``, a new flow). Then ``privlint diff HEAD --format json`` runs:

* first: nothing cached (the working tree and the base tree are analysed, the base tree is written);
* warm: again, nothing changed (both sides answer from their caches);
* edited: a new body edit before each run (the working tree resumes its solved program; the base is warm).

The user cache (``XDG_CACHE_HOME``: the cache key and privlint's revision trees) lives in the temporary
directory too, so nothing outside it is touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import EMPTY_POLICY, body_edit, measure, repeated, table

EDITED = "saleor/account/events.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repository")
    parser.add_argument(
        "--privlint", default="privlint", help="the privlint executable (a relative path is made absolute)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file", default=EDITED, help="the file edited (default: %(default)s)")
    args = parser.parse_args()
    if os.sep in args.privlint:
        args.privlint = str(Path(args.privlint).resolve())  # the runs start in the clone
    with tempfile.TemporaryDirectory(prefix="privlint-diff-bench-") as scratch:
        clone = Path(scratch) / "repo"
        subprocess.run(["git", "clone", "-q", args.repository, str(clone)], check=True)
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "user-cache")
        (clone / "privacy-policy.yaml").write_text(EMPTY_POLICY)
        git = ["git", "-c", "user.email=b@example.com", "-c", "user.name=bench"]
        subprocess.run([*git, "add", "privacy-policy.yaml"], cwd=clone, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "policy"], cwd=clone, check=True)
        edited = clone / args.file
        original = edited.read_text()
        edited.write_text(body_edit(original, 0))
        command = [args.privlint, "diff", "HEAD", "--format", "json", "-o", os.devnull]
        rows = [measure("privlint diff HEAD, first run (nothing cached)", command, cwd=clone)]
        rows.append(
            repeated("privlint diff HEAD, warm (nothing changed)", [lambda: measure("", command, clone)] * args.repeat)
        )

        def edit_and_run(nth: int):
            def run():
                edited.write_text(body_edit(original, nth))
                return measure("", command, clone)

            return run

        rows.append(
            repeated(
                "privlint diff HEAD, warm, a new edit of the file each run",
                [edit_and_run(n) for n in range(1, args.repeat + 1)],
            )
        )
        print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
