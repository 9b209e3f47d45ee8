#!/usr/bin/env bash
# Smoke check for CI: the quick benchmark runs and writes a valid report. Never a pass/fail on speed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$(mktemp --suffix=.json)}"
dotnet run -c Release --project "$root/tests/Benchmarks" -- --quick --out "$out"
# PostgreSQL is expected in the report when initdb is installed (in PATH or where Debian puts it).
postgres_installed=0
if command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  postgres_installed=1
fi
python3 - "$out" "$postgres_installed" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
postgres_installed = sys.argv[2] == "1"
assert d["scenarios"], "no scenarios in the report"
assert d["machine"]["cores"] > 0, "machine.cores missing"
assert "postgres" in d["machine"], "machine.postgres missing"
assert d["machine"]["file_create_us"] > 0, "machine.file_create_us missing"
for s in d["scenarios"]:
    for key in ("name", "unit", "chatdb", "sqlite", "ratio", "postgres", "ratio_postgres", "goal", "goal_met", "missing"):
        assert key in s, f"{s.get('name')}: field {key} missing"
peered = [s for s in d["scenarios"] if s["sqlite"] is not None]
assert peered, "no scenario has a SQLite peer"
for s in peered:
    # Every scenario with a SQLite peer has a PostgreSQL figure, or says why not.
    assert s["postgres"] is not None or "postgres" in (s["missing"] or ""), f"{s['name']}: no postgres figure and no reason"
if postgres_installed:
    assert d["machine"]["postgres"], "initdb is installed but the PostgreSQL peer did not start: " + str([s["missing"] for s in peered][:1])
    assert all(s["postgres"] is not None and s["ratio_postgres"] is not None for s in peered), \
        "PostgreSQL figures missing: " + ", ".join(s["name"] for s in peered if s["postgres"] is None)
print("benchmark report ok:", len(d["scenarios"]), "scenarios,", len(peered), "with SQLite and PostgreSQL peers" if postgres_installed else "with a SQLite peer (PostgreSQL not installed)")
PY
