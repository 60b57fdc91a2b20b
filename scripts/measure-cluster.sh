#!/usr/bin/env bash
# Measures the production shape on one machine, loopback only, Release build: two standalone silos (Redis membership,
# PostgreSQL state in a fresh database, migrated) and one Client-mode ingress, each its own process. PostgreSQL and
# Redis come from scripts/test-services.sh, as for scripts/test.sh (private instances; CS_TEST_* when already set).
#   1. Throughput and ack latency through the ingress: the simulator's `wechat load` sends the sample FAQ's phrasings
#      (answered passively at once, no model) from USERS users, CONCURRENCY at a time, MESSAGES per run, RUNS runs
#      after a warm-up; it prints messages per second and the latency from the request of a verified push to its
#      passive reply (p50/p90/p99), and the medians over the runs are printed. Rate limit raised to 100000 a minute.
#   2. Storage per conversation, from the database after the load: the conversations' grain-state payload (bytes as
#      stored, octet_length of grain_state.payload) and their rows in the records tables (pg_column_size of each row
#      of messages and conversations, i.e. the data without indexes), both divided by the number of conversations;
#      and the records tables' total size with their indexes (pg_total_relation_size) per conversation.
#   3. Failover: runs the failover test's kill -9 case (tests/Integration.Tests/Failover) in Release and prints what it
#      reports: recovery time (kill to the first answer on a conversation of the killed silo, asked after the kill),
#      messages lost and duplicated, work re-runs, and the traffic it ran (200 users, 20 messages/s).
# The machine may be busy with other work: the numbers are lower bounds for this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh

runs="${RUNS:-3}"
messages="${MESSAGES:-4000}"
users="${USERS:-200}"
concurrency="${CONCURRENCY:-64}"
work="$(mktemp -d)"
pids=()
database=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$database" ]; then
    owner_psql postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE);" > /dev/null 2>&1 || true
  fi
  cs_services_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A value of an Npgsql connection string (Key=value;...), by its key.
conn_value() { tr ';' '\n' <<< "$1" | awk -F= -v k="$2" 'tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; exit }'; }

# psql as the owner role of CS_TEST_POSTGRES_MIGRATE, on database $1.
owner_psql() {
  local db=$1
  shift
  PGPASSWORD="$(conn_value "$CS_TEST_POSTGRES_MIGRATE" Password)" psql -X -q -v ON_ERROR_STOP=1 \
    -h "$(conn_value "$CS_TEST_POSTGRES_MIGRATE" Host)" -p "$(conn_value "$CS_TEST_POSTGRES_MIGRATE" Port)" \
    -U "$(conn_value "$CS_TEST_POSTGRES_MIGRATE" Username)" -d "$db" "$@"
}

# $1 with its Database= replaced by $2.
with_database() { sed -E "s/(^|;)Database=[^;]*/\1Database=$2/I" <<< "$1"; }

free_port() { cs_free_port; }

echo "== services"
cs_services_start > "$work/services.log"
echo "== build (Release)"
dotnet build CustomerService.sln -c Release -nologo -v quiet -clp:ErrorsOnly
silo_dll="$PWD/src/Silo/bin/Release/net10.0/CustomerService.Silo.dll"
ingress_dll="$PWD/src/IngressApi/bin/Release/net10.0/CustomerService.IngressApi.dll"
sim_dll="$PWD/src/Simulator/bin/Release/net10.0/CustomerService.Simulator.dll"

# A fresh database, as in PostgresTestDatabase: the owner creates it and grants the data role its rows.
database="cs_measure_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
data_role="$(conn_value "$CS_TEST_POSTGRES" Username)"
owner_psql postgres -c "CREATE DATABASE \"$database\";"
owner_psql "$database" <<SQL
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$data_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "$data_role";
SQL
owner_connection="$(with_database "$CS_TEST_POSTGRES_MIGRATE" "$database")"
data_connection="$(with_database "$CS_TEST_POSTGRES" "$database")"
env "ConnectionStrings__postgres-migrate=$owner_connection" dotnet "$silo_dll" migrate | sed 's/^/   /'

# The account: obviously fake secrets, passive replies.
app_id=wxmeasurecluster1
original_id=gh_measurecluster
token=MeasureClusterToken1
aes_key=MeasureClusterKeyMeasureClusterKeyMeasure01
cluster_id="cs-measure-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
common_env=(
  DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
  Cluster__Provider=Redis "ConnectionStrings__redis=$CS_TEST_REDIS"
  "Cluster__ServiceId=$cluster_id" "Cluster__ClusterId=$cluster_id"
  "Channels__WeChat__Accounts__0__AppId=$app_id" "Channels__WeChat__Accounts__0__Token=$token"
  "Channels__WeChat__Accounts__0__EncodingAesKey=$aes_key" Channels__WeChat__Accounts__0__ReplyMode=Passive
  Logging__LogLevel__Default=Warning
)

start_silo() {
  local name=$1
  (cd "$(dirname "$silo_dll")" && exec env "${common_env[@]}" \
    "Cluster__SiloPort=$(free_port)" "Cluster__GatewayPort=$(free_port)" "Cluster__AdminPort=$2" \
    Storage__Provider=PostgreSql "ConnectionStrings__postgres=$data_connection" \
    Conversations__RateLimit__Capacity=10000 Conversations__RateLimit__RefillPerMinute=100000 \
    dotnet "$silo_dll" > "$work/$name.log" 2>&1) &
  pids+=($!)
}

wait_ready() {
  for _ in $(seq 1 600); do
    curl -fs "$1/readyz" > /dev/null 2>&1 && return 0
    sleep 0.2
  done
  tail -n 40 "$work"/*.log; echo "$1 not ready"; exit 1
}

admin_a=$(free_port)
admin_b=$(free_port)
start_silo silo-a "$admin_a"
start_silo silo-b "$admin_b"
wait_ready "http://127.0.0.1:$admin_a"
wait_ready "http://127.0.0.1:$admin_b"
port=$(free_port)
(cd "$(dirname "$ingress_dll")" && exec env "${common_env[@]}" Cluster__Mode=Client "Urls=http://127.0.0.1:$port" \
  dotnet "$ingress_dll" > "$work/ingress.log" 2>&1) &
pids+=($!)
wait_ready "http://127.0.0.1:$port"

load() {
  dotnet "$sim_dll" wechat load --url "http://127.0.0.1:$port" --app-id "$app_id" --original-id "$original_id" \
    --token "$token" --aes-key "$aes_key" --messages "$1" --users "$users" --concurrency "$concurrency"
}

echo "== throughput through the ingress (2 silos, PostgreSQL state, Redis membership, Client-mode ingress)"
echo "   sample FAQ phrasings, answered passively at once; $users users, concurrency $concurrency; warm-up 500 messages"
load 500 > /dev/null
for r in $(seq 1 "$runs"); do
  load "$messages" | tee -a "$work/load.txt" | sed "s/^/   /" || true
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate=$(grep -o 'rate_per_s=[0-9.]*' "$work/load.txt" | cut -d= -f2 | median)
p50=$(grep -o 'p50=[0-9.]*' "$work/load.txt" | cut -d= -f2 | median)
p99=$(grep -o 'p99=[0-9.]*' "$work/load.txt" | cut -d= -f2 | median)
echo "median over $runs runs of $messages messages: $rate messages/s, ack latency p50 $p50 ms, p99 $p99 ms"

# Every load run draws its own users, so the database holds (1 + RUNS) x USERS conversations.
echo "== storage per conversation (after $(( 500 + runs * messages )) messages; $users new users per load run)"
owner_psql "$database" -At -F ' ' <<'SQL' | awk '{ printf "   conversations=%d messages_per_conversation=%.1f\n   grain state payload: %.0f bytes per conversation (octet_length of grain_state.payload)\n   records rows: %.0f bytes per conversation (pg_column_size of its messages rows %.0f + its conversations row %.0f; data only, no indexes)\n   records tables with indexes: %.0f bytes per conversation (pg_total_relation_size of messages and conversations)\n", $1, $2, $3, $4 + $5, $4, $5, $6 }'
WITH state AS (
  SELECT count(*) AS conversations, sum(octet_length(payload)) AS payload FROM grain_state WHERE grain_type = 'conversation'),
rows AS (
  SELECT count(*) FILTER (WHERE direction = 'in') AS pushes, sum(pg_column_size(m.*)) AS bytes FROM messages m),
list AS (SELECT sum(pg_column_size(c.*)) AS bytes FROM conversations c)
SELECT state.conversations,
       rows.pushes::float8 / state.conversations,
       state.payload::float8 / state.conversations,
       rows.bytes::float8 / state.conversations,
       list.bytes::float8 / state.conversations,
       (pg_total_relation_size('messages') + pg_total_relation_size('conversations'))::float8 / state.conversations
FROM state, rows, list;
SQL

echo "   where a conversation's state goes, bytes per conversation by field of its JSON (largest first):"
owner_psql "$database" -At -F ' ' <<'SQL' | awk '{ printf "     %s %.0f\n", $1, $2 }'
SELECT f.key, sum(octet_length(f.value::text))::float8 / count(DISTINCT s.grain_id_extension)
FROM grain_state s, jsonb_each(convert_from(s.payload, 'UTF8')::jsonb) f
WHERE s.grain_type = 'conversation'
GROUP BY f.key ORDER BY 2 DESC LIMIT 6;
SQL

echo "== failover (the failover test's kill -9 case, Release; 200 users at 20 messages/s, see tests/Integration.Tests/Failover)"
export CS_FAILOVER_REPORT="$work/failover.txt"
dotnet test tests/Integration.Tests -c Release --no-build -nologo --filter "FullyQualifiedName~FailoverTests.KillNine" > "$work/failover-test.log" 2>&1 \
  || { tail -n 60 "$work/failover-test.log"; echo "the failover test failed"; exit 1; }
sed 's/^/   /' "$CS_FAILOVER_REPORT"
