#!/usr/bin/env bash
# The long rolling-restart proof: 3 silo processes on Redis membership and one shared data directory, writers through
# REST and an Orleans client, each silo in turn stopped with SIGTERM, started again and waited for until /health says
# ready (docs/CLUSTER.md, "Rolling restart"). Every round restarts one silo; 3 rounds restart each once.
# Usage: scripts/rolling-restart.sh [ROUNDS] [REPORT]   (default 30 rounds; the report gets every round's figures)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-30}
report=${2:-$(mktemp --suffix=.txt)}
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
dotnet build tests/Cluster.Tests -c Release -v quiet -nologo
CHATDB_ROLLING_ROUNDS=$rounds CHATDB_ROLLING_REPORT=$report \
  dotnet test tests/Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~RollingRestartTests" --logger "console;verbosity=normal"
echo "figures: $report"
tail -1 "$report"
