#!/usr/bin/env bash
# Smoke check for CI: the quick benchmark runs and writes a valid report. Never a pass/fail on speed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$(mktemp --suffix=.json)}"
dotnet run -c Release --project "$root/tests/Benchmarks" -- --quick --out "$out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["scenarios"]; assert d["machine"]["cores"] > 0; print("benchmark report ok:", len(d["scenarios"]), "scenarios")' "$out"
