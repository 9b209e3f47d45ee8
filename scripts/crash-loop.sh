#!/usr/bin/env bash
# The long kill -9 loop: builds the silo and the loop in Release, then SIGKILLs the silo [kills] times
# (default 500) under 100 sessions of writers and verifies every acknowledged message and every file.
# Usage: scripts/crash-loop.sh [kills] [seed]   (CRASHLOOP_WRITERS, CRASHLOOP_DATA override the defaults)
set -euo pipefail
kills="${1:-500}"
seed="${2:-$(date +%s)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${CRASHLOOP_DATA:-$(mktemp -d "${TMPDIR:-/tmp}/chatdb-crashloop-XXXXXX")/data}"

dotnet build "$root/Silo/ChatDb.Silo.csproj" -c Release -nologo -v quiet
dotnet build "$root/tests/CrashLoop/ChatDb.CrashLoop.csproj" -c Release -nologo -v quiet
dotnet build "$root/Client/Cli/ChatDb.Cli.csproj" -c Release -nologo -v quiet

echo "crash-loop.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) cores, data $data"
dotnet "$root/tests/CrashLoop/bin/Release/net10.0/ChatDb.CrashLoop.dll" \
  --kills "$kills" --sessions 100 --writers "${CRASHLOOP_WRITERS:-10}" --seed "$seed" \
  --data "$data" --silo "$root/Silo/bin/Release/net10.0/ChatDb.Silo.dll" \
  --chatdb "$root/Client/Cli/bin/Release/net10.0/chatdb.dll" && status=0 || status=$?
# Keep the data directory of a failed run for inspection.
if [ "$status" -eq 0 ] && [ -z "${CRASHLOOP_DATA:-}" ]; then rm -rf "$(dirname "$data")"; fi
exit "$status"
