#!/usr/bin/env bash
# The fuzz suite's long run (issue 15): the build's four fuzz properties (CustomerApiFuzzTest,
# WebhookIntakeFuzzTest, AzureSyncFuzzTest, AlertFanoutFuzzTest), same seed and generators, with
# CASES cases per function instead of the build's bounded count, every case run even after one
# breaks a property (storepulse.fuzz.keepGoing), then the table of bench/README.md.
#
#   sp-bench bench/fuzz/run.sh [CASES [FUNCTION...]]   # CASES per function, default 25000 (100,000 in all)
#
# On two cores the four functions' 25,000 cases each take longer than sp-bench's 10 minutes, so
# run them in parts, one function (or two) per sp-bench call, e.g.
#   sp-bench bench/fuzz/run.sh 25000 customer-api webhook-intake
#   sp-bench bench/fuzz/run.sh 25000 azure-sync
#   sp-bench bench/fuzz/run.sh 25000 alert-fanout
#
# Runs Maven itself (sp-bench holds the machine; sp-build would wait for it), with DATABASE_URL and
# REDIS_URL as the build takes them (unset: embedded servers). Exit status non-zero if Maven failed,
# any property broke in any case, a function's table row is missing or has fewer cases than asked
# for (its suite did not finish), or a suite's surefire report shows a failure or an error.
set -uo pipefail
cd "$(dirname "$0")/../.."
CASES="${1:-25000}"
shift || true
FUNCTIONS=("$@")
[ ${#FUNCTIONS[@]} -gt 0 ] || FUNCTIONS=(customer-api webhook-intake azure-sync alert-fanout)
MODULES=$(printf 'functions/%s,' "${FUNCTIONS[@]}")
MODULES=${MODULES%,}

echo "fuzz: $CASES cases per function: ${FUNCTIONS[*]}; $(uptime)"
start=$SECONDS
# Only this run's reports count: an older report's row must not stand in for a suite that did not run.
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
./mvnw -B -q -pl "$MODULES" -am verify \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false -Dit.test=none \
  -Dspotless.check.skip=true \
  -Djqwik.tries.default="$CASES" -Dstorepulse.fuzz.keepGoing=true -Dmaven.test.failure.ignore=true
status=$?
echo "fuzz: $((SECONDS - start)) s; $(uptime)"
echo
echo "| function | cases | refused | 5xx / uncaught | non-problem errors | leaks | writes on refusal |"
echo "|---|---|---|---|---|---|---|"
# Each function's suite prints its table row(s) at its end (customer-api's also the usage flush's,
# a second function of its jar); a row that is missing means the suite did not run to its end.
missing=0
short=0
for m in "${FUNCTIONS[@]}"; do
  # function:cases; the event properties and the usage flush run a fixed count, not CASES.
  expected=("$m:$CASES")
  [ "$m" = customer-api ] && expected+=(usage-flush:200 customer-api-event:200)
  [ "$m" = webhook-intake ] && expected+=(webhook-intake-event:200)
  for e in "${expected[@]}"; do
    f=${e%%:*}
    want=${e##*:}
    row=$(find functions/$m/target/surefire-reports -name '*FuzzTest-output.txt' -newer "$marker" 2>/dev/null \
      | xargs -r grep -ah "^FUZZ-TABLE | $f |")
    if [ -n "$row" ]; then
      echo "${row#FUZZ-TABLE }"
      # A property that aborted early (an exception outside a case, a broken generator) prints
      # its row with fewer cases than asked for.
      got=$(echo "$row" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
      if [ "$got" != "$want" ]; then
        echo "fuzz: $f ran $got cases, not $want"
        short=1
      fi
    else
      echo "| $f | (no result) | | | | | |"
      missing=1
    fi
  done
done
for m in "${FUNCTIONS[@]}"; do
  grep -h 'Time elapsed' functions/$m/target/surefire-reports/*FuzzTest.txt 2>/dev/null | sed "s/^/$m: /"
done
if [ $missing -ne 0 ]; then
  echo "fuzz: a function's table row is missing (its suite did not finish; see its surefire report)"
  exit 1
fi
if [ $short -ne 0 ]; then
  exit 1
fi
# Maven went on past failures (maven.test.failure.ignore): the suites' own reports must show none,
# e.g. a coverage check at a suite's end (a route, scheme or seed that never succeeded).
for m in "${FUNCTIONS[@]}"; do
  for report in $(find functions/$m/target/surefire-reports -name '*FuzzTest.txt' -newer "$marker" 2>/dev/null); do
    if ! grep -q 'Failures: 0, Errors: 0' "$report"; then
      echo "fuzz: $report shows failures or errors:"
      grep -m1 'Tests run:' "$report"
      exit 1
    fi
  done
done
# Maven went on past a broken property (every function's run counts); fail if any row broke one.
if grep -ah '^FUZZ-TABLE ' $(printf 'functions/%s/target/surefire-reports/*FuzzTest-output.txt ' "${FUNCTIONS[@]}") 2>/dev/null \
    | awk -F'|' '{ if ($5 + $6 + $7 + $8 > 0) bad = 1 } END { exit bad }'; then
  exit $status
fi
exit 1
