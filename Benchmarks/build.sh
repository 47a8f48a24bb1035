#!/usr/bin/env bash
# Build benchmark: `fundchain build` end to end (load the window's aggregates, graph, analytics,
# profiles, scores, snapshots written) on a generated region, with each phase's time and the
# peak memory; the baseline is psql reading the same aggregate rows out of the same database
# (`\copy (SELECT …) TO /dev/null`), the floor for any build that reads them. Also reports the
# AUC of the expert card's score against the generator's outcomes.csv.
#
#   Benchmarks/build.sh [--firms N] [--months M] [--seed S] [--data DIR] [--runs R]
#
# Default: 100,000 firms × 12 months (about 12 million statement entries; ingesting them first
# takes several minutes and is reported separately).
set -euo pipefail
cd "$(dirname "$0")/.."
firms=100000 months=12 seed=7 data="" runs=2 fc=""
while [ $# -gt 0 ]; do
  case $1 in
    --firms) firms=$2; shift 2 ;; --months) months=$2; shift 2 ;; --seed) seed=$2; shift 2 ;;
    --data) data=$2; shift 2 ;; --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source Benchmarks/common.sh
db=$("$fc" db url)
"$fc" migrate --database "$db" >/dev/null
t0=$(now)
for kind in firms accounts transactions; do "$fc" ingest "$kind" "$data/$kind.csv" --database "$db" | tail -1 >&2 || true; done
echo "ingest (not part of the build): $(calc "$(now) - $t0") s" >&2
# The starter catalog, so that the build matches every firm to products as it does in use.
"$fc" products load --database "$db" >&2

window="month BETWEEN (SELECT max(month) FROM firm_month) - interval '$((months - 1)) months' AND (SELECT max(month) FROM firm_month)"
t0=$(now)
psql -q "$db" -c "\\copy (SELECT * FROM firms) TO '/dev/null'" \
  -c "\\copy (SELECT * FROM firm_month WHERE $window) TO '/dev/null'" \
  -c "\\copy (SELECT * FROM flow_edges WHERE $window) TO '/dev/null'"
read_s=$(calc "$(now) - $t0")

# CPU seconds of the PostgreSQL server: the postmaster and its children that have exited (each
# build's backends exit when it disconnects).
pgdata=$("$fc" db status | awk '/^data:/ { print $2 }')
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$(head -1 "$pgdata/postmaster.pid")/stat"; }
best=""
for run in $(seq 1 "$runs"); do
  before=$(server_cpu)
  /usr/bin/time -v "$fc" build --database "$db" --features-out "$work/features.csv" > "$work/build.txt" 2> "$work/time.txt"
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
  peak=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$work/time.txt")
  client=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
  echo "run $run: $seconds s, peak $peak MB, CPU: fundchain $client s, PostgreSQL $(calc "$(server_cpu) - $before") s" >&2
  sed 's/^/  /' "$work/build.txt" >&2
  if [ -z "$best" ] || [ "$(calc "$seconds < $best")" = 1 ]; then best=$seconds best_peak=$peak; cp "$work/build.txt" "$work/best.txt"; fi
done

python3 - "$work/features.csv" "$data/outcomes.csv" "$work/joined.csv" <<'PY'
import csv, sys
features, outcomes, joined = sys.argv[1:4]
outcome = {r["uscc"]: r["defaulted"] for r in csv.DictReader(open(outcomes))}
rows = list(csv.DictReader(open(features)))
with open(joined, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) + ["defaulted"])
    w.writeheader()
    for r in rows:
        if r["uscc"] in outcome:
            r["defaulted"] = outcome[r["uscc"]]
            w.writerow(r)
PY
auc=$("$fc" model validate --model scoring-models/sme-cashflow-v1.yaml --data "$work/joined.csv" --target defaulted --bad 1 | head -1)

cat "$work/best.txt"
printf 'psql reading the same aggregates:  %8.2f s\n' "$read_s"
printf 'fundchain build (best of %d):       %8.2f s  peak %d MB  (%.1f× the read; target < 60 s, < 2 GB)\n' "$runs" "$best" "$best_peak" "$(calc "$best / $read_s")"
echo "expert card sme-cashflow v1 against outcomes.csv: $auc"
