#!/usr/bin/env python3
"""Generates the graph fixtures under Tests/Fixtures/graph/ with NetworkX as the reference.

Each fixture is an edge list `NAME.edges.csv` (the input `fundchain graph` reads) and the
expected outputs NetworkX computes on the same file:

  NAME.pagerank.csv            node,pagerank   nx.pagerank(G, weight="weight", tol=1e-15)
  NAME.ppr.csv                 node,pagerank   the same, personalised on the seeds in NAME.seeds.txt
  NAME.scc.csv / NAME.wcc.csv  node,component  components numbered by their smallest node id
  NAME.cycles-K.csv            length,nodes    nx.simple_cycles(G, length_bound=K), rotated, sorted
  NAME.cycles-K-min-X.csv      the same on the edges with weight >= X
  NAME.louvain.txt             modularity of nx.community.louvain_communities(seed=0) (a bound)

"Smallest id" is the engine's natural order: numeric when every id is an integer, else by UTF-8
bytes. Repeated (source, target) rows are summed, as the engine does. Run from the repository root:

  python3 Tests/Fixtures/make-graph-fixtures.py        # needs networkx (and scipy for pagerank)
"""
import csv
import os
import random

import networkx as nx

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graph")


def natural_key(ids):
    def is_int(s):
        t = s[1:] if s.startswith("-") else s
        return 1 <= len(t) <= 18 and t.isdigit() and t.isascii()

    if all(is_int(s) for s in ids):
        return lambda s: (int(s), s.encode())
    return lambda s: s.encode()


def read_graph(path):
    G = nx.DiGraph()
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = [h.strip().lower() for h in rows[0]]
    for row in rows[1:]:
        if not row or row == [""]:
            continue
        u, v = row[0], row[1]
        w = float(row[2]) if len(header) == 3 else 1.0
        if G.has_edge(u, v):
            G[u][v]["weight"] += w
        else:
            G.add_edge(u, v, weight=w)
    return G


def write_rows(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def numbered(G, sets, key):
    order = sorted(G.nodes, key=key)
    comp_of = {}
    for i, s in enumerate(sets):
        for v in s:
            comp_of[v] = i
    renum = {}
    for v in order:
        renum.setdefault(comp_of[v], len(renum))
    return [(v, renum[comp_of[v]]) for v in order]


def canonical_cycle(cycle, key):
    i = min(range(len(cycle)), key=lambda k: key(cycle[k]))
    return cycle[i:] + cycle[:i]


def write_expected(name, G, cycle_bounds, min_amounts, seeds):
    key = natural_key(list(G.nodes))
    order = sorted(G.nodes, key=key)
    base = os.path.join(OUT, name)
    pr = nx.pagerank(G, weight="weight", tol=1e-15, max_iter=100000)
    write_rows(base + ".pagerank.csv", ["node", "pagerank"], [(v, repr(pr[v])) for v in order])
    personalization = {s: 1.0 for s in seeds}
    ppr = nx.pagerank(G, weight="weight", personalization=personalization, tol=1e-15, max_iter=100000)
    with open(base + ".seeds.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(seeds) + "\n")
    write_rows(base + ".ppr.csv", ["node", "pagerank"], [(v, repr(ppr[v])) for v in order])
    write_rows(base + ".scc.csv", ["node", "component"], numbered(G, nx.strongly_connected_components(G), key))
    write_rows(base + ".wcc.csv", ["node", "component"], numbered(G, nx.weakly_connected_components(G), key))
    for k in cycle_bounds:
        for m in [None] + min_amounts:
            H = G if m is None else G.edge_subgraph([(u, v) for u, v, w in G.edges(data="weight") if w >= m])
            cycles = [canonical_cycle(c, key) for c in nx.simple_cycles(H, length_bound=k)]
            cycles.sort(key=lambda c: (len(c), [key(v) for v in c]))
            suffix = f".cycles-{k}.csv" if m is None else f".cycles-{k}-min-{m:g}.csv"
            write_rows(base + suffix, ["length", "nodes"], [(len(c), ">".join(c)) for c in cycles])
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v, w in G.edges(data="weight"):
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    communities = nx.community.louvain_communities(U, weight="weight", seed=0)
    q = nx.community.modularity(U, communities, weight="weight")
    with open(base + ".louvain.txt", "w") as f:
        f.write(f"{q!r}\n")
    print(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")


def weight_text(rng, style):
    if style == "cents":
        return f"{rng.randint(1, 1_000_000) / 100:.2f}"
    # Mixed notations an analyst's tools print.
    return rng.choice(
        [str(rng.randint(0, 50)), f"{rng.random() * 100:.3f}", repr(rng.random()), f"{rng.randint(1, 9)}e-3", "1E2"]
    )


def random_int(name, seed, n, m, bounds=(3, 5)):
    rng = random.Random(seed)
    rows = []
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        rows.append((str(u), str(v), weight_text(rng, "cents")))
    for _ in range(m // 20):  # duplicates and self-loops
        rows.append(rows[rng.randrange(len(rows))][:2] + (weight_text(rng, "cents"),))
        u = str(rng.randrange(n))
        rows.append((u, u, weight_text(rng, "cents")))
    rng.shuffle(rows)
    path = os.path.join(OUT, name + ".edges.csv")
    write_rows(path, ["source", "target", "weight"], rows)
    G = read_graph(path)
    write_expected(name, G, list(bounds), [2500], [str(rng.randrange(n)) for _ in range(3)])


def power_law_text(name, seed, n):
    rng = random.Random(seed)
    M = nx.scale_free_graph(n, seed=seed)  # a multigraph with self-loops and parallel edges
    rows = [(f"firm-{u}", f"firm-{v}", weight_text(rng, "mixed")) for u, v, _ in M.edges(keys=True)]
    rng.shuffle(rows)
    path = os.path.join(OUT, name + ".edges.csv")
    write_rows(path, ["source", "target", "weight"], rows)
    G = read_graph(path)
    write_expected(name, G, [4], [10], [f"firm-{rng.randrange(n)}" for _ in range(2)])


def unweighted_quoted(name, seed, n, m):
    rng = random.Random(seed)
    names = [f"Co {i}, Ltd" if i % 7 == 0 else f'"Q{i}"' if i % 11 == 0 else f"企业{i}" for i in range(n)]
    rows = []
    for _ in range(m):
        u = rng.randrange(n)
        v = (u + rng.choice([1, 2, 3, -1, n // 2])) % n if rng.random() < 0.7 else rng.randrange(n)
        rows.append((names[u], names[v]))
    path = os.path.join(OUT, name + ".edges.csv")
    write_rows(path, ["source", "target"], rows)
    G = read_graph(path)
    write_expected(name, G, [4], [], [names[0]])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    random_int("random-int", seed=7, n=300, m=900)
    random_int("dense-int", seed=3, n=60, m=200, bounds=(6,))
    power_law_text("powerlaw-text", seed=11, n=400)
    unweighted_quoted("unweighted-quoted", seed=5, n=120, m=260)
