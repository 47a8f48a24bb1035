#!/usr/bin/env bash
# Scoring service under load (release build, loopback, wrk from Debian's package):
#   1. rounds of, back to back,
#      a. GET /healthz at full speed (the trivial route: HTTP + routing + OpenAPI layer only),
#      b. POST /v1/scores at full speed, cycling over every firm of the batch, one valid key
#         (authentication, rate limit, lookup, the answer, and an audit row committed before
#         each answer);
#      each round's ratio b/a comes from two runs seconds apart, so a neighbour's load on a shared
#      machine moves both; the median round is reported;
#   2. POST /v1/scores at about half of the median full-speed rate, for its latency (wrk has no
#      fixed-rate mode and wrk2 is not in Debian: scores.lua's delay() hook paces each connection);
# then counts the audit rows against the requests wrk sent. Prints req/s, p50/p99, the ratio,
# and how long the server took to load the batch.
#
# Both routes are served over HTTPS (a throwaway CA and certificate from scripts/test-certificates;
# TLS 1.3, wrk reusing its connections), and every score request quotes a live consent, as in
# production. --plain serves plain HTTP instead, for comparison.
#
# --perf FILE records the server with `perf record -g` during one more full-speed score run, after
# the measured ones (for `perf report -i FILE`).
#
#   Benchmarks/server/run.sh [--firms 2000] [--seconds 10] [--rounds 3] [--connections 32] [--seed 7] [--plain]
#                            [--perf FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
firms=2000 months=12 seed=7 seconds=10 rounds=3 connections=32 port=18181 tls=1 perf_file=""
while [ $# -gt 0 ]; do
  case $1 in
    --firms) firms=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --plain) tls=0; shift ;;
    --perf) perf_file=$(realpath -m "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
source Benchmarks/common.sh
for kind in firms accounts transactions; do "$fc" ingest "$kind" "$data/$kind.csv" >/dev/null 2>&1; done
"$fc" build >/dev/null 2>&1
"$fc" scores | tail -n +2 | cut -d, -f1 > "$work/usccs"
key=$("$fc" apikey create --client bench --bank BENCH --scopes score 2>/dev/null | tail -1)
# Every request quotes a live consent (scores.lua: the firm on line i quotes BENCH-i), so the
# measured path includes the consent check the service makes on every firm call.
{ echo "uscc,bank,purpose,reference,granted_at,expires_at"
  awk '{ print $1 ",BENCH,score,BENCH-" NR ",2020-01-01," }' "$work/usccs"; } > "$work/consents.csv"
"$fc" consent import "$work/consents.csv" >/dev/null
# The rate limit is set far above what wrk can send: this measures the service, not the limiter.
serve_tls=() curl_tls=() scheme=http
if [ "$tls" = 1 ]; then
  scripts/test-certificates "$work/pki"
  serve_tls=(--tls-cert "$work/pki/server.crt" --tls-key "$work/pki/server.key")
  curl_tls=(--cacert "$work/pki/ca.crt") scheme=https
fi
"$fc" serve --port "$port" --rate-limit 10000000 --rate-burst 10000000 "${serve_tls[@]}" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; "$fc" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
url="$scheme://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -fs "${curl_tls[@]}" "$url/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "${curl_tls[@]}" "$url/readyz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }
export FC_USCCS=$work/usccs FC_KEY=$key

# wrk --latency prints "50%  1.23ms"; this turns such a figure into milliseconds.
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }
rps() { awk '/^Requests\/sec/ { print $2 }'; }
sent() { awk '/requests in/ { n = $1 } END { print n + 0 }'; }
non2xx() { awk '/Non-2xx/ { n = $5 } END { print n + 0 }'; }

"$fc" db url >/dev/null
psql_count() { psql -X -A -t "$("$fc" db url)" -c "SELECT count(*) FROM audit_log" 2>/dev/null || runuser -u postgres -- psql -X -A -t "$("$fc" db url)" -c "SELECT count(*) FROM audit_log"; }

threads=2
before=$(psql_count)
for round in $(seq 1 "$rounds"); do
  wrk -t$threads -c"$connections" -d"${seconds}s" --latency "$url/healthz" > "$work/health.$round.txt"
  wrk -t$threads -c"$connections" -d"${seconds}s" --latency -s Benchmarks/server/scores.lua "$url/v1/scores" > "$work/score.$round.txt"
  h=$(rps < "$work/health.$round.txt"); s=$(rps < "$work/score.$round.txt")
  echo "$(awk -v a="$s" -v b="$h" 'BEGIN { printf "%.4f", a / b }') $round" >> "$work/ratios"
  echo "round $round: healthz $h req/s, scores $s req/s" >&2
done
if [ -n "$perf_file" ]; then
  perf record -g -F 999 -p "$server" -o "$perf_file" -- sleep "$seconds" >/dev/null 2>&1 &
  recorder=$!
  wrk -t$threads -c"$connections" -d"${seconds}s" -s Benchmarks/server/scores.lua "$url/v1/scores" > "$work/perf.txt"
  wait $recorder || true
  echo "perf: $perf_file ($(rps < "$work/perf.txt") req/s while recording)" >&2
fi
# The median round (by ratio) is the one reported.
median=$(sort -n "$work/ratios" | awk -v n="$rounds" 'NR == int((n + 1) / 2) { print $2 }')
cp "$work/health.$median.txt" "$work/health.txt"; cp "$work/score.$median.txt" "$work/score.txt"
health_rps=$(rps < "$work/health.txt"); score_rps=$(rps < "$work/score.txt")
# Half the measured maximum: each connection pauses connections × 1000 / (rate / 2) ms.
half=$(awk -v r="$score_rps" 'BEGIN { printf "%d", r / 2 }')
export FC_DELAY_MS=$(awk -v c="$connections" -v r="$half" 'BEGIN { d = c * 1000 / r; printf "%d", (d < 1 ? 1 : d) }')
wrk -t$threads -c"$connections" -d"${seconds}s" --latency -s Benchmarks/server/scores.lua "$url/v1/scores" > "$work/half.txt"
sleep 1
after=$(psql_count)
requests=$(sent < "$work/half.txt")
errors=$(non2xx < "$work/half.txt")
for round in $(seq 1 "$rounds"); do
  requests=$(( requests + $(sent < "$work/score.$round.txt") ))
  errors=$(( errors + $(non2xx < "$work/score.$round.txt") ))
done

echo "transport: $scheme; consent checked on every score request; database: $("$fc" db status 2>/dev/null | grep -o 'mode: .*' || echo external)"
echo "run,req_per_s,p50_ms,p99_ms"
echo "healthz,$health_rps,$(ms 50% < "$work/health.txt"),$(ms 99% < "$work/health.txt")"
echo "scores,$score_rps,$(ms 50% < "$work/score.txt"),$(ms 99% < "$work/score.txt")"
echo "scores_half_rate,$(rps < "$work/half.txt"),$(ms 50% < "$work/half.txt"),$(ms 99% < "$work/half.txt")"
echo "ratio scores/healthz: $(awk -v a="$score_rps" -v b="$health_rps" 'BEGIN { printf "%.3f", a / b }') (median of $rounds rounds: $(sort -n "$work/ratios" | awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 }'); target >= 0.5)"
echo "half-rate run: offered ~$half req/s (delay ${FC_DELAY_MS} ms per connection, $connections connections); p99 target <= 10 ms"
echo "batch load: $(grep -o 'fundchain.seconds=[0-9.]*' "$work/serve.log" | head -1 | cut -d= -f2) s for $firms firms"
echo "audit rows written: $((after - before)); score requests wrk completed: $requests; non-2xx: ${errors}"
echo "(wrk counts only answered requests; rows >= requests means none lost: requests cut off at the end may still be audited)"
