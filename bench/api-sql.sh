#!/usr/bin/env bash
# Bare-SQL latency of the customer API's queries (pgbench, 1 client, prepared statements, 10 s
# each), printed as p50/p99 from pgbench's per-transaction log. Usage:
#   bench/api-sql.sh STORE EXTERNAL_ID AFTER_LTV AFTER_ID [Q_PATTERN [P5001_LTV P5001_ID]]
#   (the values CustomerApiBench prints: the row-5,000 cursor's k and i, and optionally the
#   page-5,001 cursor's; Q_PATTERN is a bound q= pattern, default 'ma%')
# PGURL defaults to the large data set.
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/api"
PGURL=${PGURL:-postgres://root@127.0.0.1:5432/storepulse_large}
STORE=$1 EXTERNAL_ID=$2 AFTER_LTV=$3 AFTER_ID=$4 Q_PATTERN=${5:-ma%} P5001_LTV=${6:-} P5001_ID=${7:-}
TENANT=$(psql -XAtq "$PGURL" -c "SELECT tenant_id FROM store WHERE store_id = $STORE")
logdir=$(mktemp -d)
run() {
  local name=$1; shift
  pgbench -n -M prepared -c 1 -T 10 -l --log-prefix="$logdir/$name" "$@" "$PGURL" >/dev/null 2>"$logdir/$name.err" \
    || { cat "$logdir/$name.err" >&2; exit 1; }
  cat "$logdir/$name".* | awk '{print $3}' | sort -n | awk -v name="$name" '
    { v[NR] = $1 } END { printf "%-22s n=%6d  p50 %7.3f ms  p99 %7.3f ms\n", name, NR, v[int(NR*0.5)]/1000, v[int(NR*0.99)]/1000 }'
}
# The detail statement is the shipped one (CustomerRepository/detail.sql), its Jdbi parameters
# renamed to pgbench variables and the order count fixed at the route's 10, so it cannot drift.
sed 's/:storeId/:store/g; s/:externalId/:external_id/g; s/:orders/10/g' \
  ../../../../../shared/src/main/resources/com/storepulse/customers/CustomerRepository/detail.sql > "$logdir/detail_miss.sql"
run detail_miss   -D store="$STORE" -D external_id="$EXTERNAL_ID" -f "$logdir/detail_miss.sql"
run first_page    -D store="$STORE" -f first_page.sql
run deep_page     -D store="$STORE" -D after_ltv="$AFTER_LTV" -D after_id="$AFTER_ID" -D fetch=51 -f deep_page.sql
if [ -n "$P5001_LTV" ]; then
  run page_5001_of_2 -D store="$STORE" -D after_ltv="$P5001_LTV" -D after_id="$P5001_ID" -D fetch=3 -f deep_page.sql
fi
run filtered_page -D store="$STORE" -D churn=0.5 -D segments='["repeat_buyer"]' -f filtered_page.sql
run filtered_vip  -D store="$STORE" -D churn=0.5 -D segments='["vip"]' -f filtered_page.sql
run q_page        -D store="$STORE" -D pattern="$Q_PATTERN" -f q_page.sql
run stores_uncached -D tenant="$TENANT" -f stores.sql
run archetypes    -D store="$STORE" -f archetypes.sql
run summary       -D store="$STORE" -f summary.sql
rm -rf "$logdir"
