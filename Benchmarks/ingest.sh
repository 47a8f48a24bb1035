#!/usr/bin/env bash
# Ingest benchmark: FundChain's `ingest transactions` (validation, dedupe, partitions, flow
# aggregates) on the same throwaway PostgreSQL, alternating runs, against two others:
#   * the fair peer, Benchmarks/ingest/peer.sql: the same job with psql alone (\copy into a
#     staging table, validation and owners in SQL, INSERT … ON CONFLICT DO NOTHING into the
#     partitioned transactions, GROUP BY upserts of flow_edges and firm_month from the new rows),
#     which leaves byte-identical tables (checked after each run);
#   * a bare `psql \copy` of the file into an all-text table with no keys (the floor).
# Prints rows/s of each, the ratios, and FundChain's client CPU per entry.
#
#   Benchmarks/ingest.sh [--firms N] [--months M] [--seed S] [--runs R] [--data DIR] [--fundchain BINARY]
#
# Default: a generated region of 10,000 firms × 12 months (about 1 million statement entries).
# --fundchain times another build (e.g. an older one) instead of this checkout's release build.
# Besides wall time it prints CPU seconds of each side (the client process and the server's
# processes), which other load on the machine disturbs much less than wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
firms=10000 months=12 seed=7 runs=3 data="" fc=""
while [ $# -gt 0 ]; do
  case $1 in
    --firms) firms=$2; shift 2 ;; --months) months=$2; shift 2 ;; --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;; --data) data=$2; shift 2 ;; --fundchain) fc=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source Benchmarks/common.sh
base_url=$("$fc" db url)
url_for() { echo "${base_url/\/fundchain\?//$1?}"; }
rows=$(($(wc -l < "$data/transactions.csv") - 1))
bytes=$(stat -c %s "$data/transactions.csv")
echo "file: $data/transactions.csv ($rows rows, $((bytes / 1048576)) MiB)"

calc() { awk "BEGIN { print $* }"; }
# CPU seconds (user + system) used so far by the cluster: the postmaster, its live children and
# the children that have exited (their time is added to the postmaster's). Read again if a child
# exited while the children were being summed (its time would be missed or counted twice).
server_cpu() {
  local pm before after t c
  pm=$(head -1 "$FUNDCHAIN_HOME/pgdata/postmaster.pid")
  while true; do
    before=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
    t=$before
    for c in $(cat /proc/"$pm"/task/*/children); do
      t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
    after=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
    [ "$before" = "$after" ] && break
  done
  calc "$t / $(getconf CLK_TCK)"
}
checkpoints() { psql -XAt "$(url_for postgres)" -c "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"; }
# timed COMMAND…: runs it, sets wall, client (CPU of the command), server (CPU of the cluster)
# and checkpoints (how many PostgreSQL made meanwhile). Each command starts right after a
# CHECKPOINT, so none inherits the WAL (and the full-page writes after the next checkpoint)
# of the one before it.
timed() {
  local s0 s1 c0 out
  sleep 1   # let the server processes of earlier commands finish exiting
  psql -XAtq "$(url_for postgres)" -c CHECKPOINT
  c0=$(checkpoints)
  s0=$(server_cpu)
  out=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 ) || true
  sleep 1   # let the command's server process finish exiting
  s1=$(server_cpu)
  checkpointed=$(( $(checkpoints) - c0 ))
  wall=$(echo "$out" | tail -1 | awk '{ print $1 }')
  client=$(echo "$out" | tail -1 | awk '{ print $2 + $3 }')
  server=$(calc "$s1 - $s0")
}
fc_times=() copy_times=() fc_client=() fc_server=() copy_client=() copy_server=()
peer_times=() peer_client=() peer_server=()
# The tables both pipelines write, as one digest each (to check that they did the same job).
digest() {
  psql -XAt "$1" -c "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (SELECT firm, bank_code, account_no,
      txn_ref, booked_at, direction, amount, currency, counterparty_account, counterparty_name, counterparty_bank,
      counterparty_firm, purpose FROM transactions) t" \
    -c "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM flow_edges t" \
    -c "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM firm_month t" | tr '\n' ' '
}
fresh_db() {
  psql -q "$(url_for postgres)" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  "$fc" migrate --database "$(url_for "$1")" >/dev/null
  "$fc" ingest firms "$data/firms.csv" --database "$(url_for "$1")" >/dev/null || true
  "$fc" ingest accounts "$data/accounts.csv" --database "$(url_for "$1")" >/dev/null || true
}
for run in $(seq 1 "$runs"); do
  # psql \copy into a bare table with the file's columns, no keys, no indexes.
  psql -q "$(url_for postgres)" -c "DROP DATABASE IF EXISTS bench_copy" -c "CREATE DATABASE bench_copy" >/dev/null
  # All text: the file holds deliberately bad rows (dates, amounts) that typed columns would refuse.
  psql -q "$(url_for bench_copy)" -c "CREATE TABLE bare (bank_code text, account_no text, txn_ref text, booked_at text,
      direction text, amount text, currency text, counterparty_account text, counterparty_name text,
      counterparty_bank text, purpose text)" >/dev/null
  timed psql -q "$(url_for bench_copy)" -c "\\copy bare FROM '$data/transactions.csv' WITH (FORMAT csv, HEADER)"
  copy_times+=("$wall") copy_client+=("$client") copy_server+=("$server") copy_cp=$checkpointed

  fresh_db bench_peer
  timed sh -c "psql -q '$(url_for bench_peer)' -v file='$data/transactions.csv' -f Benchmarks/ingest/peer.sql < '$data/transactions.csv'"
  peer_times+=("$wall") peer_client+=("$client") peer_server+=("$server") peer_cp=$checkpointed

  fresh_db bench_fc
  db=$(url_for bench_fc)
  timed sh -c "'$fc' ingest transactions '$data/transactions.csv' --database '$db' > '$work/summary.txt' 2> '$work/ingest.err'"
  fc_times+=("$wall") fc_client+=("$client") fc_server+=("$server")
  if [ "$(digest "$db")" != "$(digest "$(url_for bench_peer)")" ]; then
    echo "the peer and fundchain left different transactions, flow_edges or firm_month: not the same job" >&2
    echo "digests (transactions, flow_edges, firm_month): fundchain $(digest "$db"); peer $(digest "$(url_for bench_peer)")" >&2
    echo "fundchain's summary and errors:" >&2
    head -5 "$work/summary.txt" >&2
    tail -5 "$work/ingest.err" >&2
    exit 1
  fi
  echo "run $run: psql \\copy ${copy_times[-1]} s (CPU client ${copy_client[-1]} s, server ${copy_server[-1]} s)," \
    "peer ${peer_times[-1]} s (CPU client ${peer_client[-1]} s, server ${peer_server[-1]} s)," \
    "fundchain ingest ${fc_times[-1]} s (CPU client ${fc_client[-1]} s, server ${fc_server[-1]} s)," \
    "checkpoints during them $copy_cp/$peer_cp/$checkpointed, load average $(cut -d' ' -f1 /proc/loadavg)" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mc=$(median "${copy_times[@]}") mf=$(median "${fc_times[@]}") mp=$(median "${peer_times[@]}")
cat "$work/summary.txt"
printf 'psql \\copy (bare table):   %8.2f s  %10.0f rows/s   CPU client %6.2f s, server %6.2f s\n' \
  "$mc" "$(calc "$rows / $mc")" "$(median "${copy_client[@]}")" "$(median "${copy_server[@]}")"
printf 'fundchain ingest:           %8.2f s  %10.0f rows/s   CPU client %6.2f s, server %6.2f s\n' \
  "$mf" "$(calc "$rows / $mf")" "$(median "${fc_client[@]}")" "$(median "${fc_server[@]}")"
printf 'psql peer (same job):       %8.2f s  %10.0f rows/s   CPU client %6.2f s, server %6.2f s\n' \
  "$mp" "$(calc "$rows / $mp")" "$(median "${peer_client[@]}")" "$(median "${peer_server[@]}")"
printf 'ratio fundchain / peer:     %8.2f×  (target ≥ 1.50×; median of %d runs)\n' "$(calc "$mp / $mf")" "$runs"
printf 'ratio fundchain / \\copy:    %8.2f×  (target ≥ 0.35×)\n' "$(calc "$mc / $mf")"
printf 'fundchain client CPU:       %8.2f µs per entry (target ≤ 2)\n' "$(calc "$(median "${fc_client[@]}") * 1000000 / $rows")"
