#!/usr/bin/env bash
# Reports benchmark: every `fundchain report` (each format that does more work: table, and html
# for the charts) on a generated region with two builds (as of the last two month ends, the
# second matched to the starter product catalog), wall time and peak memory per report.
#
#   Benchmarks/reports.sh [--firms N] [--seed S] [--data DIR]
#
# Default: 100,000 firms × 12 months; ingesting and the two builds come first and take minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
firms=100000 months=12 seed=7 data="" fc=""
while [ $# -gt 0 ]; do
  case $1 in
    --firms) firms=$2; shift 2 ;; --seed) seed=$2; shift 2 ;; --data) data=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source Benchmarks/common.sh
db=$("$fc" db url)
"$fc" migrate --database "$db" >/dev/null
for kind in firms accounts transactions; do "$fc" ingest "$kind" "$data/$kind.csv" --database "$db" | tail -1 >&2 || true; done
"$fc" build --as-of 2025-10-31 --database "$db" >/dev/null 2>&1
"$fc" products load --database "$db" >/dev/null 2>&1
"$fc" build --as-of 2025-11-30 --database "$db" >/dev/null 2>&1
core=$("$fc" report chain --format csv --table cores --database "$db" 2>/dev/null | sed -n 2p | cut -d, -f1)
printf '%-32s %8s %8s %10s\n' report seconds "peak MB" "out bytes"
for args in "region" "gap" "portfolio" "warnings" "chain" "risk --shock $core" "region --format html" "portfolio --format html" "chain --format html"; do
  # shellcheck disable=SC2086
  /usr/bin/time -v "$fc" report $args --database "$db" > "$work/out" 2> "$work/time.txt"
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
  peak=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$work/time.txt")
  printf '%-32s %8s %8s %10s\n' "${args%% --shock*}" "$seconds" "$peak" "$(wc -c < "$work/out")"
done
