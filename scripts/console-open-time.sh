#!/usr/bin/env bash
# Measures how long the web console takes to open a session of 10,000 messages (docs/CONSOLE.md): starts a silo
# (no API keys, loopback) on a temporary data directory, adds the messages over REST in batches, then opens
# /console/#/u/bench/s/{session} in headless chromium RUNS times and reports, per open, the time from navigation
# to the newest message being shown, and the rows in the page. The browser is driven by the Playwright driver
# that Microsoft.Playwright ships (built with tests/Console.Tests), with Debian's chromium (CHATDB_CHROMIUM or
# chromium on the PATH). Usage: scripts/console-open-time.sh [messages] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
messages="${1:-10000}"
runs="${2:-5}"
chromium="${CHATDB_CHROMIUM:-$(command -v chromium || true)}"
[ -n "$chromium" ] || { echo "console-open-time: no chromium on the PATH (apt-get install chromium) and CHATDB_CHROMIUM unset" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/chatdb-open-time-XXXXXX")"
silo_pid=""
cleanup() {
  if [ -n "$silo_pid" ]; then kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/tests/Console.Tests/ChatDb.Console.Tests.csproj" -c Release -nologo -v quiet
out="$root/tests/Console.Tests/bin/Release/net10.0"
driver="$out/.playwright"
node="$(ls "$driver"/node/*/node | head -1)"

read -r http_port silo_port gateway_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
base="http://127.0.0.1:$http_port"
mkdir -p "$work/data"
dotnet "$root/Silo/bin/Release/net10.0/ChatDb.Silo.dll" --data "$work/data" --http "$base" \
  --silo-port "$silo_port" --gateway-port "$gateway_port" --cluster-id "open-time-$$" \
  --Storage:MaxMessagesPerBatch=1000 --Logging:LogLevel:Default=Warning >"$work/silo.log" 2>&1 &
silo_pid=$!
for _ in $(seq 1 120); do
  if curl -sf "$base/health" >/dev/null; then break; fi
  if ! kill -0 "$silo_pid" 2>/dev/null; then cat "$work/silo.log" >&2; echo "console-open-time: the silo exited" >&2; exit 1; fi
  sleep 1
done

session=$(curl -sf -X POST "$base/users/bench/sessions" -H 'Content-Type: application/json' -d '{"title":"Ten thousand"}' \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])')
for ((first = 1; first <= messages; first += 1000)); do
  last=$((first + 999 > messages ? messages : first + 999))
  python3 -c '
import json, sys
first, last = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps({"messages": [{"role": "user" if i % 2 else "assistant", "content": f"message number {i}: " + "words of a chat message " * 4} for i in range(first, last + 1)]}))' \
    "$first" "$last" > "$work/batch.json"
  curl -sf -X POST "$base/users/bench/sessions/$session/messages/batch" -H 'Content-Type: application/json' --data-binary "@$work/batch.json" >/dev/null
done

cat > "$work/open.js" <<'JS'
const { chromium } = require(process.env.DRIVER + '/package');
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true });
  const times = [];
  for (let run = 0; run < Number(process.env.RUNS); run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(`${process.env.BASE}/console/#/u/bench/s/${process.env.SESSION}`);
    await page.locator('#messages li.msg').last().filter({ hasText: `message number ${process.env.MESSAGES}:` }).waitFor({ timeout: 60000 });
    const elapsed = Date.now() - started;
    const rows = await page.locator('#messages li').count();
    times.push(elapsed);
    console.log(`open ${run + 1}: ${elapsed} ms, ${rows} rows in the page`);
    await page.close();
  }
  times.sort((a, b) => a - b);
  console.log(`median open time of a ${process.env.MESSAGES}-message session: ${times[Math.floor(times.length / 2)]} ms (${times.length} opens, cold first)`);
  await browser.close();
})().catch(error => { console.error(error); process.exit(1); });
JS
DRIVER="$driver" CHROMIUM="$chromium" BASE="$base" SESSION="$session" MESSAGES="$messages" RUNS="$runs" "$node" "$work/open.js"
