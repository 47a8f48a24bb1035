#!/usr/bin/env python3
"""Reference figures for FundChain's backtest maths, computed independently with numpy and scipy.

Writes backtest.json next to this file: seeded datasets (PD, grade, default flag) with their AUC
(scipy's Mann-Whitney U), DeLong standard error (pairwise, numpy), KS (scipy's ks_2samp), Jeffreys
intervals (scipy's beta quantiles) and Hosmer-Lemeshow p-values (scipy's chi2), plus loose cases
of the special functions. Tests/FundChainCoreTests/Backtest reads it. Re-run after changing a case:

    python3 Tests/Fixtures/backtest/make-backtest-fixtures.py
"""
import json
import os

import numpy as np
from scipy import special, stats

SCALE = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]
# Upper PD bound of each grade but the last.
BOUNDS = [0.0005, 0.001, 0.0025, 0.006, 0.015, 0.04, 0.1, 0.25]


def grade_of(pd):
    for name, bound in zip(SCALE, BOUNDS):
        if pd < bound:
            return name
    return SCALE[-1]


def delong(pd, bad):
    pos, neg = pd[bad], pd[~bad]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    auc = psi.mean()
    se = np.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))
    return auc, se


def paired_delong(pd_a, pd_b, bad):
    """DeLong's test of two correlated AUCs from the pairwise kernels (O(m·n)), two-sided p by scipy's norm."""
    def components(pd):
        pos, neg = pd[bad], pd[~bad]
        psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
        return psi.mean(), psi.mean(axis=0), psi.mean(axis=1)  # AUC, per-good (V10), per-bad (V01)
    auc_a, goods_a, bads_a = components(pd_a)
    auc_b, goods_b, bads_b = components(pd_b)
    s10 = np.cov(np.vstack([goods_a, goods_b]))  # ddof 1
    s01 = np.cov(np.vstack([bads_a, bads_b]))
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / len(goods_a) + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / len(bads_a)
    se = float(np.sqrt(var))
    diff = float(auc_b - auc_a)
    return {"auc_first": float(auc_a), "auc_second": float(auc_b), "difference": diff, "se": se,
            "p_value": float(2 * stats.norm.sf(abs(diff) / se))}


def paired(name, seed, n, noise):
    """Two models' PDs on the same firms: the second is the first with extra noise on the log-odds."""
    rng = np.random.default_rng(seed)
    logit = rng.normal(-3.5, 1.1, n)
    bad = rng.random(n) < 1 / (1 + np.exp(-logit))
    pd_a = np.round(1 / (1 + np.exp(-(logit + rng.normal(0, 0.6, n)))), 4)
    pd_b = np.round(1 / (1 + np.exp(-(logit + rng.normal(0, noise, n)))), 4)
    return {"name": name, "pd_first": pd_a.tolist(), "pd_second": pd_b.tolist(), "defaulted": bad.astype(int).tolist(),
            "expected": paired_delong(pd_a, pd_b, bad)}


def jeffreys(d, n):
    low = 0.0 if d == 0 else stats.beta.ppf(0.025, d + 0.5, n - d + 0.5)
    high = 1.0 if d == n else stats.beta.ppf(0.975, d + 0.5, n - d + 0.5)
    return float(low), float(high)


def dataset(name, seed, n, miscalibration, decimals):
    rng = np.random.default_rng(seed)
    pd = np.round(np.exp(rng.normal(np.log(0.02), 1.3, n)).clip(1e-4, 0.6), decimals)
    bad = rng.random(n) < (pd * miscalibration).clip(0, 1)
    grades = [grade_of(p) for p in pd]
    auc_u = stats.mannwhitneyu(pd[bad], pd[~bad]).statistic / (bad.sum() * (~bad).sum())
    auc, se = delong(pd, bad)
    assert abs(auc - auc_u) < 1e-12
    rows, hl, groups = [], 0.0, 0
    for g in SCALE:
        members = [i for i in range(n) if grades[i] == g]
        if not members:
            rows.append({"grade": g, "firms": 0, "defaults": 0})
            continue
        d, k = int(bad[members].sum()), len(members)
        mean_pd = float(pd[members].mean())
        low, high = jeffreys(d, k)
        rows.append({"grade": g, "firms": k, "defaults": d, "observed_rate": d / k, "predicted_pd": mean_pd,
                     "jeffreys_low": low, "jeffreys_high": high, "within_interval": bool(low <= mean_pd <= high)})
        if 0 < mean_pd < 1:  # a grade predicted at 0 or 1 cannot enter the statistic
            hl += (d - k * mean_pd) ** 2 / (k * mean_pd * (1 - mean_pd))
            groups += 1
    return {
        "name": name, "pd": pd.tolist(), "defaulted": bad.astype(int).tolist(), "grade": grades,
        "expected": {
            "firms": n, "defaults": int(bad.sum()), "auc": float(auc), "auc_se": float(se),
            "auc_low": float(max(0, auc - 1.959963984540054 * se)), "auc_high": float(min(1, auc + 1.959963984540054 * se)),
            "ks": float(stats.ks_2samp(pd[bad], pd[~bad]).statistic), "gini": float(2 * auc - 1),
            "grades": rows, "hl_statistic": hl, "hl_df": groups, "hl_p": float(stats.chi2.sf(hl, groups)),
        },
    }


def main():
    out = {
        "datasets": [
            dataset("calibrated-200", 1, 200, 1.0, 4),
            dataset("calibrated-1500", 2, 1500, 1.0, 5),
            dataset("under-predicted-800-ties", 3, 800, 1.8, 3),
        ],
        "paired": [paired("paired-better-1200", 4, 1200, 0.2), paired("paired-worse-600-ties", 5, 600, 1.5)],
        "jeffreys": [
            {"defaults": d, "firms": n, "low": jeffreys(d, n)[0], "high": jeffreys(d, n)[1]}
            for d, n in [(0, 1), (1, 1), (0, 30), (1, 30), (3, 120), (50, 100), (12, 5000), (499, 500), (7, 40000)]
        ],
        "beta_cdf": [
            {"x": x, "a": a, "b": b, "value": float(special.betainc(a, b, x))}
            for x, a, b in [(0.001, 0.5, 30.5), (0.3, 2.5, 7.5), (0.5, 50.5, 50.5), (0.97, 10, 0.5), (0.0002, 12.5, 4988.5)]
        ],
        "chi2_sf": [
            {"x": x, "df": k, "value": float(stats.chi2.sf(x, k))}
            for x, k in [(0.5, 1), (3.2, 4), (9.0, 9), (30.0, 7), (120.0, 9), (0.01, 8)]
        ],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backtest.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
