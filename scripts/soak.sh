#!/usr/bin/env bash
# The full soak: the real silo (Release) on a flatfile data directory, driven over HTTP by the soak test
# at full size, 1,000 sessions x 100 messages with 64 concurrent writers and 16 concurrent readers.
# Prints one summary line (messages/s, violations, peak working set of the silo).
# Usage: scripts/soak.sh [sessions] [messages] [writers] [readers]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report="$(mktemp "${TMPDIR:-/tmp}/chatdb-soak-XXXXXX.txt")"
trap 'rm -f "$report"' EXIT

export CHATDB_SOAK_SESSIONS="${1:-1000}" CHATDB_SOAK_MESSAGES="${2:-100}"
export CHATDB_SOAK_WRITERS="${3:-64}" CHATDB_SOAK_READERS="${4:-16}" CHATDB_SOAK_REPORT="$report"

echo "soak.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet test "$root/tests/Silo.Tests/ChatDb.Silo.Tests.csproj" -c Release -nologo \
  --filter "FullyQualifiedName~Soak.SoakTests" && status=0 || status=$?
cat "$report"
exit "$status"
