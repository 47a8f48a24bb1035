#!/usr/bin/env python3
"""Writes a large camt.053.001.08 file (plus the firms.csv and accounts.csv it needs) for the
statement-ingest memory benchmark: `Benchmarks/statements.sh` runs it, then measures the peak
RSS of `fundchain ingest transactions` on the file with /usr/bin/time -v.

Deterministic for a seed. Every statement reconciles (its closing balance is computed here).
Usage: gen-camt053.py --out DIR [--bytes N] [--firms N] [--seed S]
"""
import argparse
import os
import random

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(n):
    body = "91500112MA5U" + f"{n:05d}"
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def fen(amount):
    return f"{amount // 100}.{amount % 100:02d}"


ENTRY = """      <Ntry>
        <NtryRef>{index}</NtryRef>
        <Amt Ccy="CNY">{amount}</Amt>
        <CdtDbtInd>{ind}</CdtDbtInd>
        <RvslInd>false</RvslInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{date}</Dt></BookgDt>
        <ValDt><Dt>{date}</Dt></ValDt>
        <AcctSvcrRef>{ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fmly}</Cd><SubFmlyCd>OTHR</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>{ref}</AcctSvcrRef><EndToEndId>E2E{ref}</EndToEndId></Refs>
            <Amt Ccy="CNY">{amount}</Amt>
            <CdtDbtInd>{ind}</CdtDbtInd>
            <RltdPties>
              <{party}><Pty><Nm>{name}</Nm><PstlAdr><StrtNm>Jiefangbei Road</StrtNm><BldgNb>{bldg}</BldgNb><PstCd>400010</PstCd><TwnNm>Chongqing</TwnNm><Ctry>CN</Ctry></PstlAdr></Pty></{party}>
              <{party}Acct><Id><Othr><Id>{cp}</Id></Othr></Id></{party}Acct>
            </RltdPties>
            <RltdAgts><{party}Agt><FinInstnId><BICFI>{cpbank}</BICFI></FinInstnId></{party}Agt></RltdAgts>
            <RmtInf><Ustrd>Invoice {invoice} goods and services, contract {contract}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--bytes", type=int, default=1 << 30)
    p.add_argument("--firms", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--entries-per-statement", type=int, default=2000)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    firms = [uscc(i + 1) for i in range(a.firms)]
    accounts = [f"6222{i + 1:012d}" for i in range(a.firms)]
    bank = "ICBKCNBJ"
    with open(os.path.join(a.out, "firms.csv"), "w") as f:
        f.write("uscc,name,industry,region,founded_on,core\n")
        for i, u in enumerate(firms):
            f.write(f"{u},Firm {i + 1},C3670,500112002,2015-01-01,0\n")
    with open(os.path.join(a.out, "accounts.csv"), "w") as f:
        f.write("bank_code,account_no,uscc,opened_on,currency\n")
        for u, acct in zip(firms, accounts):
            f.write(f"{bank},{acct},{u},2015-02-01,CNY\n")
    path = os.path.join(a.out, "statement.xml")
    written = 0
    entries = 0
    stmt = 0
    with open(path, "w") as f:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">\n'
                "  <BkToCstmrStmt>\n    <GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2025-12-31T23:00:00</CreDtTm></GrpHdr>\n")
        f.write(head)
        written += len(head)
        while written < a.bytes:
            stmt += 1
            i = rng.randrange(a.firms)
            opening = rng.randrange(10_000_00, 1_000_000_00)
            body = []
            balance = opening
            for k in range(a.entries_per_statement):
                amount = rng.randrange(100, 5_000_000)
                credit = rng.random() < 0.5
                balance += amount if credit else -amount
                j = rng.randrange(a.firms)
                outside = rng.random() < 0.3
                month = rng.randrange(1, 13)
                day = rng.randrange(1, 29)
                ref = f"B{stmt:07d}{k:05d}"
                body.append(ENTRY.format(
                    index=k + 1, amount=fen(amount), ind="CRDT" if credit else "DBIT", date=f"2025-{month:02d}-{day:02d}",
                    ref=ref, fmly="RCDT" if credit else "ICDT", party="Dbtr" if credit else "Cdtr",
                    name=f"Counterparty {j}", bldg=rng.randrange(1, 300),
                    cp=(f"9999{rng.randrange(10**11):012d}" if outside else accounts[j]),
                    cpbank=("BKCHCNBJ" if outside else bank), invoice=rng.randrange(10**8), contract=rng.randrange(10**6)))
            sign = lambda v: ("CRDT" if v >= 0 else "DBIT", fen(abs(v)))
            o, c = sign(opening), sign(balance)
            text = (f"    <Stmt>\n      <Id>BENCH-{stmt}</Id>\n      <CreDtTm>2025-12-31T23:00:00</CreDtTm>\n"
                    f"      <Acct><Id><Othr><Id>{accounts[i]}</Id></Othr></Id><Ccy>CNY</Ccy>"
                    f"<Svcr><FinInstnId><BICFI>{bank}</BICFI></FinInstnId></Svcr></Acct>\n"
                    f"      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">{o[1]}</Amt><CdtDbtInd>{o[0]}</CdtDbtInd><Dt><Dt>2025-01-01</Dt></Dt></Bal>\n"
                    f"      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">{c[1]}</Amt><CdtDbtInd>{c[0]}</CdtDbtInd><Dt><Dt>2025-12-31</Dt></Dt></Bal>\n"
                    + "".join(body) + "    </Stmt>\n")
            f.write(text)
            written += len(text.encode())
            entries += a.entries_per_statement
        tail = "  </BkToCstmrStmt>\n</Document>\n"
        f.write(tail)
    print(f"{path}: {written} bytes, {stmt} statements, {entries} entries")


if __name__ == "__main__":
    main()
