# Shared set-up of the benchmark scripts (sourced): a release build (unless $fc names a binary),
# a throwaway FUNDCHAIN_HOME with its own managed PostgreSQL (stopped and removed on exit), and
# the generated region in $data (made from $firms, $months, $seed unless $data is given).
# Sets: fc, work, data.
scripts/ensure-postgres
if [ -z "${fc:-}" ]; then
  swift build -c release --scratch-path .build-release --product fundchain >&2
  fc=$PWD/.build-release/release/fundchain
fi
work=$(mktemp -d /tmp/fundchain-bench.XXXXXX); chmod 755 "$work"
export FUNDCHAIN_HOME=$work/home
trap '"$fc" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
if [ -z "${data:-}" ]; then
  data=$work/data
  echo "generating $firms firms × $months months (seed $seed)…" >&2
  "$fc" generate --firms "$firms" --months "$months" --seed "$seed" --out "$data" >&2
fi
"$fc" db start >/dev/null
now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
