#!/usr/bin/env bash
# Statement-ingest memory benchmark: generates a camt.053.001.08 file of about --bytes (default
# 1 GiB, seeded, every statement reconciling) with Benchmarks/gen-camt053.py, loads its firms and
# accounts into a throwaway PostgreSQL, then runs `fundchain ingest transactions` on it under
# /usr/bin/time -v and prints the peak RSS, the time and the reconciliation summary.
#
#   Benchmarks/statements.sh [--bytes N] [--seed S] [--firms N]
#
# The file is written to a temporary folder and removed afterwards (never commit it).
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=1073741824 seed=7 firms=2000
while [ $# -gt 0 ]; do
  case $1 in
    --bytes) bytes=$2; shift 2 ;; --seed) seed=$2; shift 2 ;; --firms) firms=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
scripts/ensure-postgres
swift build -c release --product fundchain >&2
fc=$PWD/.build/release/fundchain
work=$(mktemp -d /tmp/fundchain-stmt-bench.XXXXXX); chmod 755 "$work"
export FUNDCHAIN_HOME=$work/home
trap '"$fc" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
python3 Benchmarks/gen-camt053.py --out "$work/data" --bytes "$bytes" --seed "$seed" --firms "$firms" >&2
"$fc" ingest firms "$work/data/firms.csv" >&2
"$fc" ingest accounts "$work/data/accounts.csv" >&2
/usr/bin/time -v "$fc" ingest transactions "$work/data/statement.xml" 2> "$work/time.txt"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
