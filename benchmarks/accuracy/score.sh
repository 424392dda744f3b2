#!/usr/bin/env bash
# Score privlint against the blind labels of every application (recall, negatives clean) and keep each
# scan's JSON for the precision review. Usage:
#   benchmarks/accuracy/score.sh APPS_DIR OUT_DIR [PRIVLINT]
# APPS_DIR holds one clone per labels file, named like it (labels/wger.yaml -> APPS_DIR/wger), checked out
# at the commit the labels name. Never commit anything from APPS_DIR or OUT_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
apps=$1 out=$2 privlint=${3:-privlint}
tools=${PRIVLINT_SHARED_TOOLS:-$here/../../../shared/tools}
mkdir -p "$out"
for labels in "$here"/labels/*.yaml; do
  app=$(basename "$labels" .yaml)
  commit=$(python3 -c "import yaml,sys; print(yaml.safe_load(open(sys.argv[1]))['commit'])" "$labels")
  head=$(git -C "$apps/$app" rev-parse HEAD)
  [ "$head" = "$commit" ] || { echo "$app: checked out at $head, labels are for $commit" >&2; exit 2; }
  (cd "$apps/$app" && "$privlint" scan . --output-format json --no-cache >"$out/$app.json" 2>"$out/$app.err") || true
  # One vocabulary difference, mapped before scoring: privlint reports mail handed to an SMTP server or a
  # framework mail backend as third_party to the pseudo-recipient "smtp"; the labels call it network.
  python3 -c "
import json, sys
report = json.load(open(sys.argv[1]))
for flow in report.get('flows', []):
    if flow['sink'].get('recipient') == 'smtp':
        flow['sink']['kind'] = 'network'
json.dump(report, open(sys.argv[2], 'w'))
" "$out/$app.json" "$out/$app.scored.json"
  python3 "$tools/score_labels.py" "$apps/$app" "$labels" --report "$out/$app.scored.json" >"$out/$app.score"
  tail -n 1 "$out/$app.score"
done
