#!/usr/bin/env bash
# Lints the OpenAPI document as a started silo serves it (/openapi/v1.json) with Redocly's recommended rules
# (.redocly.yaml): any error fails. Redocly CLI is installed from npm into .tools/redocly on first use, so a clean
# machine needs only node and npm. Usage: scripts/openapi-lint.sh [document-out]   (keeps the document there)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
redocly_version="2.77.0"
tools="$root/.tools/redocly"
work="$(mktemp -d "${TMPDIR:-/tmp}/chatdb-openapi-XXXXXX")"
out="${1:-$work/openapi.json}"
silo_pid=""
cleanup() {
  if [ -n "$silo_pid" ]; then kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error "@redocly/cli@$redocly_version" >/dev/null
fi

dotnet build "$root/Silo/ChatDb.Silo.csproj" -c Release -nologo -v quiet

# Three free loopback ports: HTTP, silo, gateway.
read -r http_port silo_port gateway_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
mkdir -p "$work/data"
dotnet "$root/Silo/bin/Release/net10.0/ChatDb.Silo.dll" --data "$work/data" --http "http://127.0.0.1:$http_port" \
  --silo-port "$silo_port" --gateway-port "$gateway_port" --cluster-id "openapi-lint-$$" >"$work/silo.log" 2>&1 &
silo_pid=$!

for _ in $(seq 1 60); do
  if curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; then break; fi
  if ! kill -0 "$silo_pid" 2>/dev/null; then cat "$work/silo.log" >&2; echo "openapi-lint: the silo exited" >&2; exit 1; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$http_port/openapi/v1.json" -o "$out"

"$tools/node_modules/.bin/redocly" lint --config "$root/.redocly.yaml" "$out"
