"""Runs scorecardpy's pipeline on the split written by split.py and compares with FundChain.

usage: compare.py WORKDIR   (holds train.csv, test.csv, validate.txt, fundchain-bins.json)
"""
import json
import os
import re
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np
import pandas as pd
import scorecardpy as sc
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

work = sys.argv[1]
y = "creditability"


def load(name):
    d = pd.read_csv(os.path.join(work, name))
    d[y] = (d[y] == "bad").astype(int)
    return d


train, test = load("train.csv"), load("test.csv")

# scorecardpy's own pipeline, as in its README (variable filter, default binning, L1 logistic).
kept = sc.var_filter(train, y=y, return_rm_reason=False).columns.tolist()
train_f, test_f = train[kept], test[kept]
bins = sc.woebin(train_f, y=y, print_step=0)
train_woe, test_woe = sc.woebin_ply(train_f, bins, print_step=0), sc.woebin_ply(test_f, bins, print_step=0)
x_cols = [c for c in train_woe.columns if c != y]
lr = LogisticRegression(penalty="l1", C=0.9, solver="liblinear")
lr.fit(train_woe[x_cols], train_woe[y])
card = sc.scorecard(bins, lr, x_cols, points0=600, odds0=1 / 50, pdo=20)
test_score = sc.scorecard_ply(test_f, card, print_step=0)["score"]
auc_prob = roc_auc_score(test_woe[y], lr.predict_proba(test_woe[x_cols])[:, 1])
auc_card = roc_auc_score(test[y], -test_score)
sc_auc = max(auc_prob, auc_card)
own_iv = sorted(((b["total_iv"].iloc[0], v) for v, b in bins.items()), reverse=True)

# FundChain's figures.
validate = open(os.path.join(work, "validate.txt")).read()
fc_auc = float(re.search(r"^validation: .*AUC ([0-9.]+)", validate, re.M).group(1))
fc_bins = json.load(open(os.path.join(work, "fundchain-bins.json")))
fc_iv = sorted(((b["iv"], b["name"]) for b in fc_bins), key=lambda t: (-t[0], t[1]))

# scorecardpy's IV with FundChain's bins (breaks_list), over every feature.
breaks = {}
for b in fc_bins:
    if b["kind"] == "numeric":
        breaks[b["name"]] = b["cuts"]
    else:
        breaks[b["name"]] = ["%,%".join(g) for g in b["groups"]]
same_bins = sc.woebin(train, y=y, breaks_list=breaks, print_step=0)
sc_same_iv = sorted(((b["total_iv"].iloc[0], v) for v, b in same_bins.items()), key=lambda t: (-t[0], t[1]))

print("\n== German Credit: FundChain vs scorecardpy (same split) ==")
print(f"scorecardpy test AUC: {auc_prob:.4f} (LR probabilities), {auc_card:.4f} (card points)")
print(f"FundChain   test AUC: {fc_auc:.4f}")
print(f"target: FundChain >= {sc_auc:.4f} - 0.01 = {sc_auc - 0.01:.4f}")
print("IV top 5, FundChain bins   FundChain:  " + ", ".join(f"{n} {v:.4f}" for v, n in fc_iv[:5]))
print("IV top 5, FundChain bins   scorecardpy: " + ", ".join(f"{n} {v:.4f}" for v, n in sc_same_iv[:5]))
print("IV top 5, scorecardpy's own bins:       " + ", ".join(f"{n} {v:.4f}" for v, n in own_iv[:5]))
failed = False
if fc_auc < sc_auc - 0.01:
    print("FAIL: FundChain's test AUC is more than 0.01 below scorecardpy's")
    failed = True
if [n for _, n in fc_iv[:5]] != [n for _, n in sc_same_iv[:5]]:
    print("FAIL: the IV ranking of the top 5 features differs on the same bins")
    failed = True
# Monotonic WOE on every numeric feature of the fitted card (read independently from its YAML).
fc_card = yaml.safe_load(open(os.path.join(work, "german-credit-v1.yaml")))
for f in fc_card["features"]:
    if f["type"] != "numeric":
        continue
    w = [b["woe"] for b in f["bins"] if not b.get("missing")]
    if not (all(a <= b for a, b in zip(w, w[1:])) or all(a >= b for a, b in zip(w, w[1:]))):
        print(f"FAIL: WOE of {f['name']} is not monotonic: {w}")
        failed = True
print("FAIL" if failed else "PASS")
sys.exit(1 if failed else 0)
