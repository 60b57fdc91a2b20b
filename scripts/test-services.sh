#!/usr/bin/env bash
# Private PostgreSQL and Redis instances on loopback for the integration tests (tests/Integration.Tests).
#
# Sourced by scripts/test.sh, which calls cs_services_start before the tests and cs_services_stop from its EXIT trap.
# Run on its own (`bash scripts/test-services.sh`) it starts both, prints the variables to export into another shell,
# and keeps them running until interrupted.
#
# What it exports:
#   CS_TEST_POSTGRES          data-only role (SELECT/INSERT/UPDATE/DELETE on the tables the owner creates): what a silo uses
#   CS_TEST_POSTGRES_MIGRATE  owner role (CREATEDB, owns the database and its tables): what `migrate` and the tests' setup use
#   CS_TEST_REDIS             host:port of a Redis without persistence
# A variable already set in the environment is used as it is and that service is not started. Nothing here is
# Docker: on Debian the packages are installed when their binaries are missing (as root, which CI is), and both
# servers run as private processes in a `mktemp -d` folder on free ports bound to 127.0.0.1, removed on stop.
# Connection strings carry random passwords and are never printed, except by the standalone mode that exists to
# hand them to another shell.

cs_services_dir=""
cs_postgres_data=""
cs_postgres_bin=""
cs_redis_pid_file=""

# A log line never stops the script: when its output is a pipe that has closed (`| tee` ended by Ctrl-C), the
# servers must still be stopped.
cs_log() { echo "== services: $*" 2>/dev/null || true; }

cs_fail() {
  echo "== services: $*" >&2
  return 1
}

cs_is_root() { [ "$(id -u)" -eq 0 ]; }

# A port nobody listens on now. A race with another process remains, so the callers retry a start that fails.
# A port below the kernel's ephemeral range (where outgoing connections take their local ports, so a port found
# free there can be taken before a server binds it), with no listener on it.
cs_free_port() {
  local port low=32768
  if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then
    read -r low _ < /proc/sys/net/ipv4/ip_local_port_range
  fi
  if [ "$low" -le 20000 ]; then low=60000; fi
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % (low - 20000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  cs_fail "no free port found on 127.0.0.1"
}

cs_random_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

cs_find_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  fi
}

# Installs the Debian packages whose binaries are missing. apt can be slow (a minute or more on a cold machine), so
# every step says what it does.
cs_install_packages() {
  local packages=("$@")
  if [ "${#packages[@]}" -eq 0 ]; then
    return 0
  fi

  if ! cs_is_root; then
    cs_fail "missing ${packages[*]}: install them (apt-get install -y ${packages[*]}) or run as root, or set CS_TEST_POSTGRES, CS_TEST_POSTGRES_MIGRATE and CS_TEST_REDIS to running servers"
    return 1
  fi

  if ! command -v apt-get > /dev/null; then
    cs_fail "missing ${packages[*]} and no apt-get to install them: set CS_TEST_POSTGRES, CS_TEST_POSTGRES_MIGRATE and CS_TEST_REDIS to running servers"
    return 1
  fi

  local started=$SECONDS
  cs_log "installing ${packages[*]} with apt-get (this can take a few minutes)"
  cs_log "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq || return 1
  cs_log "apt-get install -y ${packages[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}" > "$cs_services_dir/apt.log" 2>&1 || {
    tail -n 40 "$cs_services_dir/apt.log" >&2
    cs_fail "apt-get install ${packages[*]} failed"
    return 1
  }
  cs_log "installed ${packages[*]} in $(( SECONDS - started )) s"
}

# initdb and postgres refuse to run as root, so as root they run as the postgres system user (created by the Debian
# package), on folders that user owns.
cs_as_postgres() {
  if cs_is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cs_psql() {
  local database=$1
  shift
  cs_as_postgres "$cs_postgres_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$cs_services_dir/pg/socket" -p "$cs_postgres_port" -U postgres -d "$database" "$@"
}

cs_start_postgres() {
  local started=$SECONDS
  local root="$cs_services_dir/pg"
  cs_postgres_data="$root/data"
  mkdir -p "$cs_postgres_data" "$root/socket"
  chmod 700 "$root" "$cs_postgres_data"
  if cs_is_root; then
    chown -R postgres:postgres "$root"
  fi

  cs_log "initdb ($cs_postgres_bin)"
  # Trust on the private socket only (it sits in a folder only the server's user can reach); passwords on TCP, which
  # is how the tests connect.
  cs_as_postgres "$cs_postgres_bin/initdb" -D "$cs_postgres_data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 > "$root/initdb.log" 2>&1 || { cat "$root/initdb.log" >&2; cs_fail "initdb failed"; return 1; }

  # fsync off: a throwaway instance whose durability across an OS crash no test checks (a killed silo does not
  # touch the database server); it makes each commit cheap on a busy 2-core machine. More connections than the
  # default 100, since every test cluster's silos have their own pools.
  local attempt
  for attempt in 1 2 3 4 5; do
    cs_postgres_port=$(cs_free_port) || return 1
    cs_log "starting postgres on 127.0.0.1:$cs_postgres_port"
    if cs_as_postgres "$cs_postgres_bin/pg_ctl" -D "$cs_postgres_data" -l "$root/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $cs_postgres_port -k $root/socket -c fsync=off -c max_connections=300" > /dev/null; then
      break
    fi
    if [ "$attempt" -eq 5 ]; then
      tail -n 40 "$root/server.log" >&2
      cs_fail "postgres did not start"
      return 1
    fi
  done

  local ready=""
  for _ in $(seq 1 60); do
    if "$cs_postgres_bin/pg_isready" -q -h 127.0.0.1 -p "$cs_postgres_port"; then
      ready=yes
      break
    fi
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    tail -n 40 "$root/server.log" >&2
    cs_fail "postgres on port $cs_postgres_port is not ready"
    return 1
  fi

  # Two roles, as in production: the owner runs `migrate` (and, in the tests, creates a database per test class);
  # the data-only role is what silos run with. Tables the owner creates later are granted to the data role through
  # default privileges, set in every database the tests create (see PostgresTestDatabase) and in this one.
  local owner_secret app_secret
  owner_secret=$(cs_random_secret)
  app_secret=$(cs_random_secret)
  cs_log "creating roles cs_owner (migrate) and cs_app (data only) and database customerservice"
  cs_psql postgres <<SQL || { cs_fail "creating the roles failed"; return 1; }
CREATE ROLE cs_owner LOGIN CREATEDB PASSWORD '$owner_secret';
CREATE ROLE cs_app LOGIN PASSWORD '$app_secret';
CREATE DATABASE customerservice OWNER cs_owner;
-- Test servers only: lets the owner's DROP DATABASE ... WITH (FORCE) end sessions of cs_app that a failed test left.
GRANT pg_signal_backend TO cs_owner;
SQL
  cs_psql customerservice <<SQL || { cs_fail "granting the data role failed"; return 1; }
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE cs_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cs_app;
ALTER DEFAULT PRIVILEGES FOR ROLE cs_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cs_app;
SQL

  export CS_TEST_POSTGRES="Host=127.0.0.1;Port=$cs_postgres_port;Database=customerservice;Username=cs_app;Password=$app_secret"
  export CS_TEST_POSTGRES_MIGRATE="Host=127.0.0.1;Port=$cs_postgres_port;Database=customerservice;Username=cs_owner;Password=$owner_secret"
  cs_log "postgres ready on 127.0.0.1:$cs_postgres_port in $(( SECONDS - started )) s"
}

cs_start_redis() {
  local started=$SECONDS
  local root="$cs_services_dir/redis"
  mkdir -p "$root"
  cs_redis_pid_file="$root/redis.pid"
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(cs_free_port) || return 1
    cs_log "starting redis-server on 127.0.0.1:$port"
    # No RDB snapshots and no AOF: a throwaway instance; its folder goes with the run.
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$root" \
      --daemonize yes --pidfile "$cs_redis_pid_file" --logfile "$root/redis.log" || true
    local ready=""
    for _ in $(seq 1 40); do
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
        ready=yes
        break
      fi
      sleep 0.25
    done
    if [ -n "$ready" ]; then
      break
    fi
    if [ "$attempt" -eq 5 ]; then
      tail -n 40 "$root/redis.log" >&2 || true
      cs_fail "redis-server did not answer PING"
      return 1
    fi
  done

  export CS_TEST_REDIS="127.0.0.1:$port"
  cs_log "redis ready on $CS_TEST_REDIS in $(( SECONDS - started )) s"
}

cs_services_start() {
  local started=$SECONDS
  cs_services_dir=$(mktemp -d -t customerservice-test-services.XXXXXX)
  chmod 755 "$cs_services_dir"

  local need_postgres="" need_redis="" missing=()
  if [ -n "${CS_TEST_POSTGRES:-}" ]; then
    cs_log "using PostgreSQL from CS_TEST_POSTGRES"
    if [ -z "${CS_TEST_POSTGRES_MIGRATE:-}" ]; then
      cs_log "CS_TEST_POSTGRES_MIGRATE (the owner role) is not set: the PostgreSQL tests will fail and name it"
    fi
  else
    need_postgres=yes
    cs_postgres_bin=$(cs_find_postgres_bin)
    if [ -z "$cs_postgres_bin" ]; then
      missing+=(postgresql)
    fi
  fi

  if [ -n "${CS_TEST_REDIS:-}" ]; then
    cs_log "using Redis from CS_TEST_REDIS"
  else
    need_redis=yes
    if ! command -v redis-server > /dev/null || ! command -v redis-cli > /dev/null; then
      missing+=(redis-server)
    fi
  fi

  cs_install_packages "${missing[@]}" || return 1
  if [ -n "$need_postgres" ]; then
    cs_postgres_bin=${cs_postgres_bin:-$(cs_find_postgres_bin)}
    if [ -z "$cs_postgres_bin" ]; then
      cs_fail "no PostgreSQL binaries under /usr/lib/postgresql/*/bin after installing postgresql"
      return 1
    fi
    cs_start_postgres || return 1
  fi
  if [ -n "$need_redis" ]; then
    cs_start_redis || return 1
  fi

  cs_log "ready in $(( SECONDS - started )) s"
}

# Stops what cs_services_start started, by the PIDs it recorded, and removes its folder. Safe to call twice, and after
# a start that failed half way.
cs_services_stop() {
  if [ -n "$cs_redis_pid_file" ] && [ -f "$cs_redis_pid_file" ]; then
    local redis_pid
    redis_pid=$(cat "$cs_redis_pid_file")
    cs_log "stopping redis (pid $redis_pid)"
    kill "$redis_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.25
    done
  fi
  cs_redis_pid_file=""

  if [ -n "$cs_postgres_data" ] && [ -f "$cs_postgres_data/postmaster.pid" ]; then
    local postgres_pid
    postgres_pid=$(head -n 1 "$cs_postgres_data/postmaster.pid")
    cs_log "stopping postgres (pid $postgres_pid)"
    # Immediate: the data folder is removed next, so there is nothing to flush.
    cs_as_postgres "$cs_postgres_bin/pg_ctl" -D "$cs_postgres_data" -m immediate -w stop > /dev/null 2>&1 || kill -9 "$postgres_pid" 2>/dev/null || true
  fi
  cs_postgres_data=""

  if [ -n "$cs_services_dir" ] && [ -d "$cs_services_dir" ]; then
    rm -rf "$cs_services_dir"
  fi
  cs_services_dir=""
}

# Standalone: start, print the exports, hold until interrupted.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cs_sleep_pid=""
  # Ignored, so that writing to a closed pipe fails an echo instead of killing the shell before its EXIT trap.
  trap '' PIPE
  trap '[ -z "$cs_sleep_pid" ] || kill "$cs_sleep_pid" 2>/dev/null; cs_services_stop' EXIT
  trap 'exit 130' INT TERM
  unset CS_TEST_POSTGRES CS_TEST_POSTGRES_MIGRATE CS_TEST_REDIS
  cs_services_start
  echo
  echo "# Paste into another shell; Ctrl-C here stops both servers."
  printf 'export CS_TEST_POSTGRES=%q\n' "$CS_TEST_POSTGRES"
  printf 'export CS_TEST_POSTGRES_MIGRATE=%q\n' "$CS_TEST_POSTGRES_MIGRATE"
  printf 'export CS_TEST_REDIS=%q\n' "$CS_TEST_REDIS"
  # wait, unlike a foreground sleep, returns as soon as a signal arrives, so the trap stops the servers at once.
  while true; do
    sleep 3600 &
    cs_sleep_pid=$!
    wait "$cs_sleep_pid"
  done
fi
