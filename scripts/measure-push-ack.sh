#!/usr/bin/env bash
# Measures push mode (客服消息) on one machine, loopback only, Release build, embedded default (co-hosted silo,
# SQLite in a fresh folder):
#   1. Ack latency: the time from the HTTP request of a verified push to its `success` response, for MESSAGES messages
#      from USERS users (default 1000 from 500: two questions each, so that WeChat's quota of 5 messages per user
#      message, which quick messages share, lets every answer go out; with 10 quick questions per user the planner
#      rightly holds half of the answers for the users' next messages) (sent by the simulator's load command with the full WeChat protocol, --expect ack), while a
#      fake OpenAI-compatible model takes LLM_DELAY_MS per answer. RUNS runs; the medians of p50 and p99 are printed.
#      After each run it waits until the fake WeChat API has received every answer through custom/send, and prints how
#      long delivery took and how many arrived.
#   2. Recovery delay: KILL_USERS users each send one message that needs the slow model, the server is killed with
#      SIGKILL while the answers are being generated, and started again at once. Printed: the time from the kill to
#      the first and to the last answer arriving at the fake API, and from the restarted server's readiness to them.
# The questions are not in the FAQ (a generated CSV), so that every answer goes through the model.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-3}"
messages="${MESSAGES:-1000}"
users="${USERS:-500}"
concurrency="${CONCURRENCY:-64}"
llm_delay_ms="${LLM_DELAY_MS:-3000}"
kill_users="${KILL_USERS:-20}"
port="${PORT:-5181}"
llm_port="${LLM_PORT:-5192}"
api_port="${API_PORT:-5193}"
work="$(mktemp -d)"
pids=()
server_pid=""
cleanup() {
  for pid in "${pids[@]}" $server_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $server_pid; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build src/IngressApi -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build src/Simulator -c Release -nologo -v quiet -clp:ErrorsOnly
sim="src/Simulator/bin/Release/net10.0/CustomerService.Simulator.dll"

# Off-topic questions: none matches the sample FAQ, so every one is answered by the (slow) model.
{
  echo "question,answer,similar"
  for i in $(seq 1 50); do echo "请帮我写一首关于第${i}号行星的短诗,unused,"; done
} > "$work/questions.csv"

dotnet "$sim" llm serve --port "$llm_port" --delay-ms "$llm_delay_ms" > "$work/llm.log" 2>&1 &
pids+=($!)
dotnet "$sim" wechat api serve --port "$api_port" --no-quota > "$work/api.log" 2>&1 &
pids+=($!)

start_server() {
  ASPNETCORE_ENVIRONMENT=Development dotnet src/IngressApi/bin/Release/net10.0/CustomerService.IngressApi.dll \
    --contentRoot "$PWD/src/IngressApi" --urls "http://127.0.0.1:$port" --Storage:DataDirectory "$work/data" \
    --Cluster:SiloPort 11192 --Cluster:GatewayPort 30092 --Logging:LogLevel:Default Warning \
    --Channels:WeChat:Accounts:0:ReplyMode Push --Channels:WeChat:ApiBaseUrl "http://127.0.0.1:$api_port" \
    --Llm:Provider OpenAI --Llm:BaseUrl "http://127.0.0.1:$llm_port/v1" --Llm:Model simulated \
    --Llm:MaxConcurrentCalls 128 \
    --Conversations:RateLimit:Capacity 1000 --Conversations:RateLimit:RefillPerMinute 1000 >> "$work/server.log" 2>&1 &
  server_pid=$!
}

wait_ready() {
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$work/server.log"; echo "server not ready"; exit 1
}

sent() { curl -fs "http://127.0.0.1:$api_port/_simulator/counters" | grep -o '"sent_messages":[0-9]*' | cut -d: -f2; }

# Waits until the fake API has received $1 messages in all, or 300 s pass; prints the count reached.
wait_sent() {
  local target=$1
  for _ in $(seq 1 3000); do
    [ "$(sent)" -ge "$target" ] && break
    sleep 0.1
  done
  sent
}

now_ms() { date +%s%3N; }

start_server
wait_ready
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$api_port/_simulator/counters" > /dev/null 2>&1 && break; sleep 0.1; done

load() {
  dotnet "$sim" wechat load --url "http://127.0.0.1:$port" --faq "$work/questions.csv" --expect ack \
    --messages "$1" --users "$users" --concurrency "$concurrency"
}

echo "== push mode, model delay ${llm_delay_ms} ms: warm-up (100 messages)"
load 100 > /dev/null
base=$(wait_sent 100)
echo "== $runs runs of $messages messages from $users users, concurrency $concurrency"
for r in $(seq 1 "$runs"); do
  load "$messages" | tee -a "$work/ack.txt"
  started=$(now_ms)
  target=$(( base + messages ))
  reached=$(wait_sent "$target")
  echo "delivered through custom/send: $(( reached - base )) of $messages, all within $(( $(now_ms) - started )) ms after the last ack"
  base=$reached
done
for metric in p50 p99; do
  median=$(grep -o "latency_ms.*" "$work/ack.txt" | grep -o "$metric=[0-9.]*" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "median ack $metric over $runs runs: ${median} ms"
done

echo "== recovery: $kill_users users, SIGKILL while their answers are generated, restart at once"
before=$(sent)
dotnet "$sim" wechat load --url "http://127.0.0.1:$port" --faq "$work/questions.csv" --expect ack \
  --messages "$kill_users" --users "$kill_users" --concurrency "$kill_users" > "$work/kill-load.txt"
sleep 1
killed_at=$(now_ms)
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
echo "acknowledged before the kill: $(grep -o 'acknowledged=[0-9]*' "$work/kill-load.txt" | cut -d= -f2); delivered before the kill: $(( $(sent) - before ))"
start_server
wait_ready
ready_at=$(now_ms)
first=""
for _ in $(seq 1 3000); do
  n=$(( $(sent) - before ))
  if [ -z "$first" ] && [ "$n" -ge 1 ]; then first=$(now_ms); fi
  [ "$n" -ge "$kill_users" ] && break
  sleep 0.05
done
last=$(now_ms)
echo "restart to ready: $(( ready_at - killed_at )) ms"
echo "kill to first recovered delivery: $(( first - killed_at )) ms (ready to first: $(( first - ready_at )) ms)"
echo "kill to all $kill_users delivered: $(( last - killed_at )) ms (ready to all: $(( last - ready_at )) ms); delivered: $(( $(sent) - before ))"
