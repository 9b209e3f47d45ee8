#!/usr/bin/env bash
# The long failover proof: 3 silo processes on Redis membership and one shared data directory, writers through
# REST and an Orleans client, one silo killed with SIGKILL and started again per round (docs/CLUSTER.md, "Failover").
# Usage: scripts/failover.sh [ROUNDS] [REPORT]   (default 50 rounds; the report gets every round's figures)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-50}
report=${2:-$(mktemp --suffix=.txt)}
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
dotnet build tests/Cluster.Tests -c Release -v quiet -nologo
CHATDB_FAILOVER_ROUNDS=$rounds CHATDB_FAILOVER_REPORT=$report \
  dotnet test tests/Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~FailoverTests" --logger "console;verbosity=normal"
echo "figures: $report"
tail -1 "$report"
