#!/usr/bin/env bash
# Property-based API test: schemathesis (PyPI) generates requests from openapi.yaml and runs
# them against a live `fundchain serve` with real data and a real key; fails on any 5xx and on
# any response that breaks the schema (status code, content type, body, headers).
#
#   scripts/schemathesis.sh [--firms 200] [--examples 60]
#
# Needs PostgreSQL (scripts/ensure-postgres) and python3; builds the debug binary unless $fc
# names one. The virtual environment lives in .venv-schemathesis (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
firms=200 examples=60 port=18282
while [ $# -gt 0 ]; do
  case $1 in
    --firms) firms=$2; shift 2 ;;
    --examples) examples=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
scripts/ensure-postgres
if [ -z "${fc:-}" ]; then
  swift build --product fundchain >&2
  fc=$PWD/.build/debug/fundchain
fi
venv=.venv-schemathesis
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis>=3.39,<5"
fi
work=$(mktemp -d /tmp/fundchain-st.XXXXXX); chmod 755 "$work"
export FUNDCHAIN_HOME=$work/home
"$fc" generate --firms "$firms" --months 12 --seed 3 --out "$work/data" >/dev/null 2>&1
for kind in firms accounts transactions; do "$fc" ingest "$kind" "$work/data/$kind.csv" >/dev/null 2>&1; done
"$fc" products load >/dev/null 2>&1   # the starter catalog: responses carry real product matches
"$fc" build >/dev/null 2>&1
key=$("$fc" apikey create --client schemathesis --bank ST --scopes score,profile,snapshot,metrics 2>/dev/null | tail -1)
# Consents under the spec's example reference, so requests built from the examples get answers,
# not only 403 consent-required.
{ echo "uscc,bank,purpose,reference,granted_at,expires_at"
  tail -n +2 "$work/data/firms.csv" | cut -d, -f1 | while read -r uscc; do
    for purpose in score profile products; do echo "$uscc,ST,$purpose,CONSENT-2025-000123,2020-01-01,"; done
  done; } > "$work/consents.csv"
"$fc" consent import "$work/consents.csv" >/dev/null
"$fc" serve --port "$port" --rate-limit 100000 --rate-burst 100000 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; "$fc" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
version=$("$venv/bin/schemathesis" --version | grep -oE '[0-9]+' | head -1)
if [ "$version" -ge 4 ]; then
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $key" --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "$examples" --seed 1
else
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" --base-url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $key" --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --hypothesis-max-examples "$examples" --hypothesis-seed 1
fi
