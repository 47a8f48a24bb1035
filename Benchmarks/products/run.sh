#!/usr/bin/env bash
# Product matching benchmark (release build): ProductMatcher over N seeded firms × the catalog
# in products/, against reading the same 14 feature columns alone. Prints CSV.
#
#   Benchmarks/products/run.sh [--firms 100000] [--seed 7]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-release --product product-bench >&2
.build-release/release/product-bench "$@"
