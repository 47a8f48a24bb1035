#!/usr/bin/env bash
# City-scale benchmark: one generated region per size, run end to end on one machine —
#   generate → ingest (firms, accounts, transactions) → build (as of the previous month end) →
#   products load → build (as of the last month end, matched to the catalog) → every report →
#   snapshot verify (the latest batch, columns and re-scoring included) → serve (until ready)
# — printing for each phase the wall time, the CPU of FundChain and of PostgreSQL, FundChain's
# peak RSS and the database size after it; then, when more than one size ran, each phase's
# growth from the smallest size to the largest (1.0 per firm = linear).
#
#   Benchmarks/city.sh [--firms 100000,1000000] [--months 12] [--seed 7] [--results DIR]
#
# Each size gets its own throwaway FUNDCHAIN_HOME and managed PostgreSQL (Benchmarks/common.sh).
# 1,000,000 firms × 12 months is about 122 million statement entries: about 15 GB of CSV and
# 35 GB of database; expect well over an hour. Each size's table is also written to
# DIR/city-<firms>.tsv (default /tmp/fundchain-city), and each phase's own output (the build's
# phase timings, the reports) to DIR/city-<firms>/, so a long run that stops half-way keeps the
# phases it finished.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=100000,1000000 months=12 seed=7 results=/tmp/fundchain-city one=""
while [ $# -gt 0 ]; do
  case $1 in
    --firms) sizes=$2; shift 2 ;; --months) months=$2; shift 2 ;; --seed) seed=$2; shift 2 ;;
    --results) results=$2; shift 2 ;; --one) one=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$results"

header() { printf '%-22s %9s %9s %9s %9s %10s\n' phase "wall s" "fc CPU s" "pg CPU s" "peak MB" "db MB"; }

if [ -z "$one" ]; then
  # The driver: one child run per size (each with its own database), then the growth table.
  for firms in ${sizes//,/ }; do
    echo "== $firms firms × $months months ==" >&2
    "$0" --one "$firms" --months "$months" --seed "$seed" --results "$results"
  done
  smallest=${sizes%%,*} largest=${sizes##*,}
  if [ "$smallest" != "$largest" ]; then
    echo
    echo "growth $smallest → $largest firms ($(awk -v a="$smallest" -v b="$largest" 'BEGIN { printf "%.0f", b / a }')× the firms): wall-time and peak-memory ratios, and per firm (1.00 = linear)"
    printf '%-22s %10s %10s %10s %10s\n' phase "wall ×" "per firm" "peak ×" "per firm"
    awk -F'\t' -v a="$smallest" -v b="$largest" '
      FNR == 1 { file++; next }
      file == 1 { wall[$1] = $2; peak[$1] = $5; next }
      ($1 in wall) && wall[$1] > 0 && peak[$1] > 0 {
        w = $2 / wall[$1]; p = $5 / peak[$1]; k = b / a
        printf "%-22s %10.1f %10.2f %10.1f %10.2f\n", $1, w, w / k, p, p / k
      }' "$results/city-$smallest.tsv" "$results/city-$largest.tsv"
  fi
  exit 0
fi

# common.sh would generate the region untimed; generating is a phase here, so it is skipped there.
firms=$one fc="${fc:-}" data=none
source Benchmarks/common.sh
db=$("$fc" db url)
"$fc" migrate --database "$db" >/dev/null
pgdata=$("$fc" db status | awk '/^data:/ { print $2 }')
# CPU seconds of the PostgreSQL server: the postmaster and its children that have exited (each
# command's backends exit when it disconnects, so a phase's share is the difference).
server_cpu() {
  # A command's backends exit just after it does; wait until the postmaster has reaped them.
  for _ in $(seq 1 100); do
    [ "$(psql -X -A -t "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")" = 0 ] && break
    sleep 0.1
  done
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$(head -1 "$pgdata/postmaster.pid")/stat"; }
db_mb() { psql -X -A -t "$db" -c "SELECT pg_database_size(current_database()) / 1048576"; }
tsv=$results/city-$firms.tsv outputs=$results/city-$firms
mkdir -p "$outputs"
printf 'phase\twall_s\tfundchain_cpu_s\tpostgres_cpu_s\tpeak_mb\tdb_mb\n' > "$tsv"
header

# phase NAME COMMAND…: runs the command under /usr/bin/time, stdout to $work/NAME.out, and
# records its row. Generating happened in common.sh; its row is measured the same way below.
phase() {
  local name=$1; shift
  local before; before=$(server_cpu)
  echo "$(date +%T) $name…" >&2
  if ! /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time"; then
    grep -v -E '^\s+[A-Z][a-z ()/%:]+: ' "$work/$name.time" | tail -5 >&2
    echo "$name failed" >&2; exit 1
  fi
  record "$name" "$work/$name.time" "$(calc "$(server_cpu) - $before")"
  cp "$work/$name.out" "$outputs/$name.out"
}
# record NAME TIME-FILE POSTGRES-CPU [WALL]: one row from /usr/bin/time's report.
record() {
  local name=$1 time=$2 pg=$3 wall=${4:-} peak cpu
  [ -n "$wall" ] || wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$time")
  peak=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$time")
  local size; size=$(db_mb)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$cpu" "$pg" "$peak" "$size" >> "$tsv"
  printf '%-22s %9.1f %9.1f %9.1f %9d %10d\n' "$name" "$wall" "$cpu" "$pg" "$peak" "$size"
}

gen=$work/generated
phase generate "$fc" generate --firms "$firms" --months "$months" --seed "$seed" --out "$gen"
for kind in firms accounts transactions; do
  phase "ingest $kind" "$fc" ingest "$kind" "$gen/$kind.csv" --database "$db"
done
rm -f "$gen/transactions.csv"  # 15 GB at a million firms; the database has it now
last=$(psql -X -A -t "$db" -c "SELECT max(month) + interval '1 month' - interval '1 day' FROM firm_month" | cut -c1-10)
previous=$(psql -X -A -t "$db" -c "SELECT max(month) - interval '1 day' FROM firm_month" | cut -c1-10)
phase "build (previous)" "$fc" build --as-of "$previous" --database "$db"
"$fc" products load --database "$db" >/dev/null
phase "build" "$fc" build --as-of "$last" --database "$db"
core=$("$fc" report chain --format csv --table cores --database "$db" 2>/dev/null | sed -n 2p | cut -d, -f1)
for report in region gap portfolio warnings chain "risk --shock $core"; do
  # shellcheck disable=SC2086
  phase "report ${report%% *}" "$fc" report $report --database "$db"
done
batch=$(psql -X -A -t "$db" -c "SELECT max(id) FROM snapshot_batches")
phase "snapshot verify" "$fc" snapshot verify --batch "$batch" --database "$db"

# serve: from start until /readyz answers (the latest batch loaded), then stopped; its peak RSS
# is the loaded batch's.
port=$((18000 + $$ % 1000))
before=$(server_cpu)
echo "$(date +%T) serve…" >&2
start=$(now)
/usr/bin/time -v "$fc" serve --port "$port" --database "$db" > "$work/serve.out" 2> "$work/serve.time" &
server=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { tail -5 "$work/serve.time" >&2; echo "serve failed" >&2; exit 1; }
  sleep 0.2
done
ready=$(calc "$(now) - $start")
kill -INT "$(pgrep -P "$server" fundchain || echo "$server")" 2>/dev/null || true
wait "$server" 2>/dev/null || true
# The wall time that counts for serve is until ready, not until it was stopped.
record "serve (load batch)" "$work/serve.time" "$(calc "$(server_cpu) - $before")" "$ready"
