#!/usr/bin/env bash
# The long failover proof: 3 silo processes on one shared data directory, with membership in Redis (default) or in
# Azure tables (Azurite, chat events on Azure queues), writers through REST and an Orleans client, one silo killed
# with SIGKILL and started again per round (docs/CLUSTER.md, "Failover").
# Usage: scripts/failover.sh [ROUNDS] [REPORT] [redis|azure]   (default 50 rounds on redis; the report gets every round's figures)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-50}
report=${2:-$(mktemp --suffix=.txt)}
membership=${3:-redis}
case "$membership" in
  redis)
    command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
    ;;
  azure)
    if [ ! -x .tools/azurite/node_modules/.bin/azurite ]; then
      npm install --prefix .tools/azurite --no-audit --no-fund --no-save --loglevel=error azurite@3.37.0 >/dev/null
    fi
    ;;
  *) echo "membership must be redis or azure (was '$membership')" >&2; exit 2 ;;
esac
dotnet build tests/Cluster.Tests -c Release -v quiet -nologo
CHATDB_FAILOVER_ROUNDS=$rounds CHATDB_FAILOVER_REPORT=$report CHATDB_FAILOVER_MEMBERSHIP=$membership \
  dotnet test tests/Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~FailoverTests" --logger "console;verbosity=normal"
echo "figures: $report"
tail -1 "$report"
