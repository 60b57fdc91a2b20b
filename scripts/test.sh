#!/usr/bin/env bash
# The README's test command: builds the solution (warnings are errors), runs every test project, and ends with a
# plain "N passed, N failed" line. It fails when any test fails, when any test is skipped (a skip is never a pass),
# or when fewer tests ran than were discovered (a test whose result never reached the runner must not vanish).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Debug}"
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

echo "== build ($configuration)"
dotnet build CustomerService.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly

echo "== discover"
dotnet test CustomerService.sln -c "$configuration" --no-build --list-tests -nologo > "$log_dir/list.txt" 2>&1 || {
  cat "$log_dir/list.txt"; echo "test discovery failed"; exit 1; }
listed=$(grep -cE '^    [A-Za-z_]' "$log_dir/list.txt" || true)

echo "== test"
set +e
dotnet test CustomerService.sln -c "$configuration" --no-build -nologo "$@" 2>&1 | tee "$log_dir/test.txt"
status=${PIPESTATUS[0]}
set -e

# One summary line per test assembly, e.g. "Passed!  - Failed: 0, Passed: 40, Skipped: 0, Total: 40, ...".
read -r passed failed skipped total < <(grep -E '^(Passed|Failed)!' "$log_dir/test.txt" | awk -F'[:,]' '
  { for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/) f += $(i+1); if ($i ~ /Passed$/) p += $(i+1);
      if ($i ~ /Skipped$/) s += $(i+1); if ($i ~ /Total$/) t += $(i+1); } }
  END { printf "%d %d %d %d\n", p, f, s, t }')

echo
if [ "$skipped" -gt 0 ]; then
  echo "$skipped test(s) were skipped: a skipped test is not a passing one."
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
