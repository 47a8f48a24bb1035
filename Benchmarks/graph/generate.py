#!/usr/bin/env python3
"""Seeded edge lists for the graph benchmark: `source,target,weight` CSV.

  generate.py random   NODES EDGES SEED OUT   uniform random directed graph
  generate.py powerlaw NODES EDGES SEED OUT   Chung–Lu style: endpoints drawn with probability
                                              ∝ rank^-0.8 (heavy-tailed in- and out-degrees)

Ids are integers, weights amounts in yuan with two decimals (log-normal), duplicates and
self-loops left in as real flow data has them. Needs numpy.
"""
import sys

import numpy as np


def main():
    kind, n, m, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    rng = np.random.default_rng(seed)
    if kind == "random":
        src = rng.integers(0, n, m)
        dst = rng.integers(0, n, m)
    elif kind == "powerlaw":
        p = np.arange(1, n + 1, dtype=np.float64) ** -0.8
        p /= p.sum()
        src = rng.permutation(n)[rng.choice(n, m, p=p)]
        dst = rng.permutation(n)[rng.choice(n, m, p=p)]
    else:
        raise SystemExit(f"unknown kind {kind}")
    fen = np.minimum(rng.lognormal(10, 1.5, m), 1e12).astype(np.int64) + 1
    with open(out, "w") as f:
        f.write("source,target,weight\n")
        chunk = 1_000_000
        for i in range(0, m, chunk):
            s, d, w = src[i : i + chunk], dst[i : i + chunk], fen[i : i + chunk]
            lines = [f"{a},{b},{c // 100}.{c % 100:02d}" for a, b, c in zip(s.tolist(), d.tolist(), w.tolist())]
            f.write("\n".join(lines))
            f.write("\n")


if __name__ == "__main__":
    main()
