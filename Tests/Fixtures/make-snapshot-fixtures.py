#!/usr/bin/env python3
"""Makes Tests/Fixtures/snapshots/snapshots.json: an independent reference for the snapshot
layer (canonical JSON, the per-firm hash chain, RFC 6962 Merkle roots and inclusion proofs),
computed with Python's standard library only. The hash and Merkle functions are the ones
docs/snapshots.md gives auditors, word for word.

    python3 Tests/Fixtures/make-snapshot-fixtures.py [--seed 20261129]
"""
import argparse
import hashlib
import json
import math
import os
import random
import struct


# --- docs/snapshots.md: recomputing a hash and a Merkle root ------------------------------
def snapshot_hash(prev_hex, body):  # body: the stored canonical JSON bytes
    return hashlib.sha256(((prev_hex or "") + "\n").encode() + body).hexdigest()


def merkle_root(leaves):  # RFC 6962 §2.1; leaves: raw bytes (a batch: bytes.fromhex(hash))
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)  # largest power of 2 < n
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) + merkle_root(leaves[k:])).digest()
# -------------------------------------------------------------------------------------------


def inclusion_path(m, leaves):  # RFC 6962 §2.1.1 PATH(m, D[n])
    n = len(leaves)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if m < k:
        return inclusion_path(m, leaves[:k]) + [merkle_root(leaves[k:])]
    return inclusion_path(m - k, leaves[k:]) + [merkle_root(leaves[:k])]


def es_number(x):
    """ECMAScript Number::toString (RFC 8785 §3.2.2.3), from Python's shortest repr, except that
    integral doubles of magnitude >= 2**53 always take the exponent form (docs/snapshots.md)."""
    if not math.isfinite(x):
        raise ValueError("no canonical form for " + repr(x))
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    raw = whole + frac
    digits = raw.lstrip("0")
    n = len(whole) + (int(exp) if exp else 0) - (len(raw) - len(digits))
    s = digits.rstrip("0")
    k = len(s)
    if k <= n <= 21 and abs(x) < 2.0**53:
        out = s + "0" * (n - k)
    elif 0 < n <= 21 and k > n:
        out = s[:n] + "." + s[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + s
    else:
        e = n - 1
        out = s[0] + ("." + s[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


def canonical(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return es_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(canonical(e) for e in v) + "]"
    keys = sorted(v, key=lambda key: key.encode("utf-8"))
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in keys) + "}"


KEY_CHARS = list("abcxyzABZ_09-") + ["é", "重庆", "€", "𝄞", "\U0001F600", "\uE000", "\uFFFD", "\u007f", " "]
STR_CHARS = KEY_CHARS + ["\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f", "\u2028", "\u0301"]


def random_float(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return rng.uniform(-1, 1)
    if kind == 1:
        return rng.uniform(-1e6, 1e6)
    if kind == 2:
        return float(rng.randrange(-10**6, 10**6))  # integral doubles
    if kind == 3:
        return rng.choice([1e-7, 1e-6, 1.5e21, 1e21, 1e20, 2.0**53, 2.0**60, 0.1, -0.0, 5e-324, 1.7976931348623157e308])
    if kind == 4:
        return rng.uniform(1, 10) * 10.0 ** rng.randrange(-30, 30)
    while True:  # any finite bit pattern
        x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(x):
            return x


def random_string(rng, chars, longest):
    return "".join(rng.choice(chars) for _ in range(rng.randrange(longest + 1)))


def random_value(rng, depth):
    kind = rng.randrange(8 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randrange(-2**63, 2**63)
    if kind == 2:
        return rng.randrange(-1000, 1000)
    if kind in (3, 4):
        return random_float(rng)
    if kind == 5:
        return random_string(rng, STR_CHARS, 12)
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {random_string(rng, KEY_CHARS, 6): random_value(rng, depth + 1) for _ in range(rng.randrange(6))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    documents = []
    for _ in range(300):
        doc = random_value(rng, 0)
        # The input as some other program might write it: unsorted keys, indented, \u escapes.
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 2]))
        documents.append({"input": text, "canonical": canonical(doc)})

    # Three firms over three batches; firm C misses batch 2. Bodies are canonical JSON.
    firms = ["91500112MA5U00001H", "91500112MA5U00002L", "91500103MA5U00003N"]
    head = {}
    batches = []
    for batch in range(1, 4):
        rows = []
        for uscc in firms:
            if batch == 2 and uscc == firms[2]:
                continue
            body = canonical({"firm": uscc, "batch": batch, "score": rng.randrange(300, 900),
                              "pd": rng.random(), "name": "重庆\"测试\"\n公司"}).encode()
            prev = head.get(uscc)
            h = snapshot_hash(prev, body)
            head[uscc] = h
            rows.append({"uscc": uscc, "body": body.decode(), "prev_hash": prev, "hash": h})
        root = merkle_root([bytes.fromhex(r["hash"]) for r in rows]).hex()
        batches.append({"snapshots": rows, "merkle_root": root})

    # Merkle trees of n leaves, leaf i = SHA-256("leaf " + str(i)), with every inclusion proof.
    trees = []
    for n in list(range(0, 18)) + [31, 32, 33, 100]:
        leaves = [hashlib.sha256(f"leaf {i}".encode()).digest() for i in range(n)]
        proofs = [[h.hex() for h in inclusion_path(m, leaves)] for m in range(n)]
        trees.append({"size": n, "root": merkle_root(leaves).hex(), "proofs": proofs})

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "snapshots", "snapshots.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"seed": args.seed, "documents": documents, "chain": batches, "merkle": trees},
                  f, ensure_ascii=True, indent=1)
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
