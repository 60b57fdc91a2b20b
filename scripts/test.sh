#!/usr/bin/env bash
# The README's test command: builds the solution (warnings are errors), provisions PostgreSQL and Redis on loopback
# (scripts/test-services.sh: Debian packages when missing, private instances on free ports, stopped on exit), runs
# every test project, and ends with a plain "N passed, N failed, N skipped" line.
# It fails when any test fails, when any test is skipped (a skip is never a pass), when fewer tests ran than were
# discovered (a test whose result never reached the runner must not vanish), or when tests/Integration.Tests ran no
# test at all. CS_TEST_POSTGRES, CS_TEST_POSTGRES_MIGRATE and CS_TEST_REDIS, when set, name servers to use instead.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh

configuration="${CONFIGURATION:-Debug}"
integration_project="tests/Integration.Tests"
integration_assembly="CustomerService.Integration.Tests.dll"
log_dir="$(mktemp -d)"
cleanup() {
  cs_services_stop
  rm -rf "$log_dir"
}
trap cleanup EXIT
# A signal ends the script through exit, so that the EXIT trap stops the servers.
trap 'exit 130' INT TERM

echo "== services (PostgreSQL and Redis for $integration_project)"
cs_services_start

echo "== build ($configuration)"
dotnet build CustomerService.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly

# One project at a time, each into its own file: listings of projects discovered side by side share one output
# stream, and a count taken from that stream once came out short of what the runs then reported.
echo "== discover"
listed=0
for project in $(dotnet sln CustomerService.sln list | grep -E '^tests/.*\.csproj$'); do
  list_file="$log_dir/list-$(basename "$project" .csproj).txt"
  dotnet test "$project" -c "$configuration" --no-build --list-tests -nologo > "$list_file" 2>&1 || {
    cat "$list_file"; echo "test discovery failed for $project"; exit 1; }
  count=$(grep -cE '^    [A-Za-z_]' "$list_file" || true)
  echo "   $project: $count"
  listed=$(( listed + count ))
done

# Every project but the integration tests, side by side; then the integration tests as their own step, so that
# their real servers and silos do not compete with the in-process clusters for this machine's cores, and so that
# their own counts can be checked.
echo "== test (every project but $integration_project)"
set +e
dotnet test CustomerService.sln -c "$configuration" --no-build -nologo --filter "Category!=Integration" "$@" 2>&1 | tee "$log_dir/test.txt"
status=${PIPESTATUS[0]}

echo "== test ($integration_project)"
# The failover tests (tests/Integration.Tests/Failover) append their numbers here; they are printed after the step.
export CS_FAILOVER_REPORT="$log_dir/failover.txt"
dotnet test "$integration_project" -c "$configuration" --no-build -nologo "$@" 2>&1 | tee "$log_dir/integration.txt"
integration_status=${PIPESTATUS[0]}
set -e
if [ -s "$CS_FAILOVER_REPORT" ]; then
  echo "== failover numbers"
  cat "$CS_FAILOVER_REPORT"
fi
if [ "$integration_status" -ne 0 ]; then
  status=$integration_status
fi

# One summary line per test assembly, e.g. "Passed!  - Failed: 0, Passed: 40, Skipped: 0, Total: 40, ...".
sum_counts() {
  grep -hE '^(Passed|Failed)!' "$@" | awk -F'[:,]' '
    { for (i = 1; i <= NF; i++) {
        if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1);
        if ($i ~ /Skipped$/) s += $(i+1); if ($i ~ /Total$/) t += $(i+1); } }
    END { printf "%d %d %d %d\n", p, f, s, t }'
}
read -r passed failed skipped total < <(sum_counts "$log_dir/test.txt" "$log_dir/integration.txt")
read -r _ _ integration_skipped integration_total < <(grep -F "$integration_assembly" "$log_dir/integration.txt" | sum_counts -)

echo
if [ "$skipped" -gt 0 ]; then
  echo "$skipped test(s) were skipped: a skipped test is not a passing one."
  status=1
fi
if [ "$integration_total" -eq 0 ]; then
  echo "$integration_project ran no test: the integration tests must run against real PostgreSQL and Redis."
  status=1
fi
if [ "$integration_skipped" -gt 0 ]; then
  echo "$integration_skipped integration test(s) were skipped: they never pass without their servers."
  status=1
fi
if [ "$total" -ne "$listed" ]; then
  echo "$listed test(s) were discovered but $total reported a result."
  status=1
fi
if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then
  status=1
fi
missing=$(( listed > total ? listed - total : 0 ))
echo "${passed} passed, $((failed + missing)) failed, ${skipped} skipped"
exit "$status"
