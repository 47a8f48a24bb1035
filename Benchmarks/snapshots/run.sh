#!/usr/bin/env bash
# Snapshot write benchmark (release build): SnapshotStore.writeBatch of N firms' ~3 KB canonical
# JSON bodies into a throwaway managed PostgreSQL, batch after batch (the first starts the
# chains, later ones look up every firm's previous hash). Prints CSV: seconds to canonicalise,
# seconds and rows/s to write (hash, COPY, Merkle root, commit), seconds to read the batch back.
#
#   Benchmarks/snapshots/run.sh [--firms 100000] [--batches 2] [--seed 7]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/ensure-postgres
swift build -c release --scratch-path .build-release --product snapshot-bench >&2
home=$(mktemp -d /tmp/fundchain-snapbench.XXXXXX); chmod 755 "$home"
trap 'rm -rf "$home"' EXIT
.build-release/release/snapshot-bench --home "$home" "$@"
