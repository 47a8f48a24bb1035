#!/usr/bin/env bash
# Graph engine benchmark: whole-process time of `fundchain graph pagerank|scc` (CSV load included)
# against python-igraph and NetworkX on the same seeded files, with the ratios.
#
#   Benchmarks/graph/run.sh            # 100k nodes / 1M edges, random and power-law
#   Benchmarks/graph/run.sh --large    # also 1M nodes / 10M edges (NetworkX skipped there)
#   Benchmarks/graph/run.sh --large-only
#   Benchmarks/graph/run.sh --swiftgraph   # also the SwiftGraph package on 100k / 1M
#
# Environment: GRAPH_BENCH_VENV (default .build-bench/venv, created with igraph, pandas,
# networkx, scipy if missing), GRAPH_BENCH_RUNS (default 3: the best of N runs is reported),
# GRAPH_BENCH_NETWORKX_ALL=1 to run NetworkX on the power-law graph too (default: the random one).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$ROOT/.build-bench/graph
VENV=${GRAPH_BENCH_VENV:-$ROOT/.build-bench/venv}
RUNS=${GRAPH_BENCH_RUNS:-3}
LARGE=0
SMALL=1
SWIFTGRAPH=0
for arg in "$@"; do
    case $arg in
    --large) LARGE=1 ;;
    --large-only) LARGE=1; SMALL=0 ;;
    --swiftgraph) SWIFTGRAPH=1 ;;
    *) echo "unknown argument $arg" >&2; exit 64 ;;
    esac
done
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import igraph, pandas, networkx, scipy' 2>/dev/null; then
    echo "creating $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q igraph pandas networkx scipy numpy
fi
PY=$VENV/bin/python

echo "building fundchain (release)" >&2
swift build -c release --product fundchain >&2
FUNDCHAIN=$(swift build -c release --show-bin-path)/fundchain

# Generates NAME if missing: kind nodes edges seed.
dataset() {
    local file=$WORK/$1.csv
    [ -s "$file" ] || { echo "generating $1" >&2; "$PY" Benchmarks/graph/generate.py "$2" "$3" "$4" "$5" "$file"; }
    echo "$file"
}

# Best wall time over $RUNS runs, with that run's CPU time (user + system) and peak RSS:
# prints "wall_seconds cpu_seconds maxrss_kb". CPU time is the steadier figure on a shared
# machine; wall time includes all threads' overlap.
measure() {
    local best="" cpu=0 rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
            cat "$WORK/stderr.txt" >&2; echo "failed: $*" >&2; return 1; }
        read -r t u s m <"$WORK/time.txt"
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
            best=$t; cpu=$(awk "BEGIN{print $u + $s}"); rss=$m
        fi
    done
    echo "$best $cpu $rss"
}

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.3f\", $1 / $2; else print \"-\" }"; }

printf "%-18s %-8s %-5s %10s %10s %10s %9s %9s %6s\n" graph task time fundchain igraph networkx "fc/igraph" "fc/nx" "B/edge"
row() { # name file task with_networkx
    local name=$1 file=$2 task=$3 nx=$4
    read -r wf cf mf < <(measure "$FUNDCHAIN" graph "$task" --edges "$file")
    local bpe
    bpe=$(grep -o '[0-9]* bytes/edge' "$WORK/stderr.txt" | cut -d' ' -f1)
    read -r wi ci mi < <(measure "$PY" Benchmarks/graph/baseline.py igraph "$task" "$file" "$WORK/out.csv")
    local wn="-" cn="-" mn=0
    if [ "$nx" = 1 ]; then
        read -r wn cn mn < <(RUNS=1 measure "$PY" Benchmarks/graph/baseline.py networkx "$task" "$file" "$WORK/out.csv")
    fi
    [ "$wn" = - ] || wn=${wn}s
    [ "$cn" = - ] || cn=${cn}s
    printf "%-18s %-8s %-5s %9ss %9ss %10s %9s %9s %6s\n" "$name" "$task" wall "$wf" "$wi" "$wn" \
        "$(ratio "$wf" "$wi")" "$([ "$wn" = - ] && echo - || ratio "$wf" "${wn%s}")" "$bpe"
    printf "%-18s %-8s %-5s %9ss %9ss %10s %9s %9s\n" "" "" cpu "$cf" "$ci" "$cn" \
        "$(ratio "$cf" "$ci")" "$([ "$cn" = - ] && echo - || ratio "$cf" "${cn%s}")"
    printf "%-18s %-8s %-5s %8sM %8sM %9s\n" "" "" rss "$((mf / 1024))" "$((mi / 1024))" \
        "$([ "$mn" = 0 ] && echo - || echo "$((mn / 1024))M")"
    if [ "$task" = pagerank ]; then
        read -r w1 c1 _ < <(measure "$FUNDCHAIN" graph pagerank --threads 1 --edges "$file")
        printf "%-18s %-8s %-5s %9ss wall %ss cpu with --threads 1 (parallel/serial wall %s)\n" "" "" serial "$w1" "$c1" \
            "$(ratio "$wf" "$w1")"
    fi
}

SMALL_RANDOM=$(dataset random-100k-1m random 100000 1000000 1)
SMALL_POWER=$(dataset powerlaw-100k-1m powerlaw 100000 1000000 2)
if [ "$SMALL" = 1 ]; then
    for task in pagerank scc; do
        row random-100k-1m "$SMALL_RANDOM" $task 1
        row powerlaw-100k-1m "$SMALL_POWER" $task "${GRAPH_BENCH_NETWORKX_ALL:-0}"
    done
fi
if [ "$LARGE" = 1 ]; then
    LARGE_RANDOM=$(dataset random-1m-10m random 1000000 10000000 3)
    LARGE_POWER=$(dataset powerlaw-1m-10m powerlaw 1000000 10000000 4)
    for task in pagerank scc; do
        row random-1m-10m "$LARGE_RANDOM" $task 0
        row powerlaw-1m-10m "$LARGE_POWER" $task 0
    done
fi
if [ "$SWIFTGRAPH" = 1 ]; then
    echo "building the SwiftGraph comparison (release)" >&2
    (cd Benchmarks/graph/swiftgraph-bench && swift build -c release >&2)
    SG=$(cd Benchmarks/graph/swiftgraph-bench && swift build -c release --show-bin-path)/swiftgraph-bench
    for task in pagerank scc; do
        read -r wf cf mf < <(measure "$FUNDCHAIN" graph "$task" --edges "$SMALL_POWER")
        read -r ws cs ms < <(measure "$SG" "$task" "$SMALL_POWER")
        printf "%-18s %-8s fundchain %ss wall %ss cpu %sM  SwiftGraph %ss wall %ss cpu %sM  fc/SwiftGraph %s wall %s cpu\n" \
            powerlaw-100k-1m "$task" "$wf" "$cf" "$((mf / 1024))" "$ws" "$cs" "$((ms / 1024))" \
            "$(ratio "$wf" "$ws")" "$(ratio "$cf" "$cs")"
    done
fi
