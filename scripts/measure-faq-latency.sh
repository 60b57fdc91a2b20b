#!/usr/bin/env bash
# Measures the passive-reply latency of the FAQ path: the server (embedded default, Release build) on loopback with
# a fresh SQLite folder, then the simulator's load command (full WeChat protocol: safe-mode encryption, signature,
# decryption of the reply) sending the sample FAQ's phrasings. One warm-up run, then RUNS measured runs per
# concurrency level. Bounded: RUNS x 1000 messages per level, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-5}"
messages="${MESSAGES:-1000}"
users="${USERS:-100}"
levels="${CONCURRENCY_LEVELS:-8 32}"
port="${PORT:-5180}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build src/IngressApi -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build src/Simulator -c Release -nologo -v quiet -clp:ErrorsOnly

ASPNETCORE_ENVIRONMENT=Development dotnet src/IngressApi/bin/Release/net10.0/CustomerService.IngressApi.dll \
  --contentRoot "$PWD/src/IngressApi" --urls "http://127.0.0.1:$port" --Storage:DataDirectory "$work/data" \
  --Cluster:SiloPort 11191 --Cluster:GatewayPort 30091 --Logging:LogLevel:Default Warning > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/readyz" > /dev/null || { cat "$work/server.log"; echo "server not ready"; exit 1; }

load() {
  dotnet src/Simulator/bin/Release/net10.0/CustomerService.Simulator.dll wechat load --url "http://127.0.0.1:$port" \
    --messages "$1" --users "$users" --concurrency "$2"
}

echo "== warm-up"
load 500 8 > /dev/null
for c in $levels; do
  echo "== concurrency $c: $runs runs of $messages messages from $users users"
  for r in $(seq 1 "$runs"); do load "$messages" "$c" | tee -a "$work/c$c.txt"; done
  for metric in p50 p99; do
    median=$(grep -o "$metric=[0-9.]*" "$work/c$c.txt" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "median $metric over $runs runs: ${median} ms"
  done
  echo "faq answers per run: $(grep -o 'faq_answers=[0-9]*' "$work/c$c.txt" | cut -d= -f2 | tr '\n' ' ')"
done
