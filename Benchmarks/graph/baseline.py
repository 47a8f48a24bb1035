#!/usr/bin/env python3
"""The baselines the graph benchmark times, each a whole process: read the CSV, compute, write
the same CSV `fundchain graph` writes.

  baseline.py igraph   pagerank|scc EDGES OUT
  baseline.py networkx pagerank|scc EDGES OUT

igraph reads with pandas (its fastest path: factorised ids, one C call to build the graph) and
sums repeated pairs like fundchain; NetworkX uses its own DiGraph with summed weights. PageRank
tolerance 1e-10 per node for NetworkX (as fundchain's default); igraph's PRPACK solves to its
own precision.
"""
import sys
import time


def read(path):
    import pandas as pd

    df = pd.read_csv(path, dtype={"source": str, "target": str, "weight": float})
    return df


def run_igraph(task, path, out):
    import igraph as ig
    import numpy as np
    import pandas as pd

    df = read(path)
    codes, uniques = pd.factorize(pd.concat([df["source"], df["target"]], ignore_index=True))
    m = len(df)
    edges = np.column_stack([codes[:m], codes[m:]])
    g = ig.Graph(n=len(uniques), edges=edges, directed=True)
    g.es["weight"] = df["weight"].to_numpy()
    g.simplify(multiple=True, loops=False, combine_edges="sum")
    t = time.perf_counter()
    if task == "pagerank":
        values = g.pagerank(weights="weight", damping=0.85)
        col = "pagerank"
    else:
        values = g.connected_components(mode="strong").membership
        col = "component"
    print(f"igraph {task}: {time.perf_counter() - t:.3f}s in the algorithm", file=sys.stderr)
    pd.DataFrame({"node": uniques, col: values}).to_csv(out, index=False)


def run_networkx(task, path, out):
    import csv

    import networkx as nx

    G = nx.DiGraph()
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for u, v, w in r:
            w = float(w)
            d = G.get_edge_data(u, v)
            if d is None:
                G.add_edge(u, v, weight=w)
            else:
                d["weight"] += w
    t = time.perf_counter()
    if task == "pagerank":
        pr = nx.pagerank(G, weight="weight", tol=1e-10, max_iter=1000)
        rows = pr.items()
        col = "pagerank"
    else:
        comp = {}
        for i, c in enumerate(nx.strongly_connected_components(G)):
            for v in c:
                comp[v] = i
        rows = comp.items()
        col = "component"
    print(f"networkx {task}: {time.perf_counter() - t:.3f}s in the algorithm", file=sys.stderr)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["node", col])
        w.writerows(rows)


if __name__ == "__main__":
    tool, task, path, out = sys.argv[1:5]
    {"igraph": run_igraph, "networkx": run_networkx}[tool](task, path, out)
