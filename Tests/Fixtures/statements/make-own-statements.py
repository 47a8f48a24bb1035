#!/usr/bin/env python3
"""Writes the own-* statement fixtures (hand-designed, FundChain's own, same licence as the
repository). The four banks' statements hold the same eight entries as the CSV in
Tests/FundChainStoreTests/StatementIngestTests.swift (the equivalence test); the others
exercise one feature each. Expected values in the tests are worked out by hand from the
tables below, not from the parser. Run from this folder: python3 make-own-statements.py
"""

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{:02d}"


def bic(v, code):
    return f"<BIC>{code}</BIC>" if v <= 3 else f"<BICFI>{code}</BICFI>"


def party(v, role, name, account, agent):
    nm = f"<Pty><Nm>{name}</Nm></Pty>" if v >= 8 else f"<Nm>{name}</Nm>"
    acct = (f"<IBAN>{account}</IBAN>" if account[:2].isalpha() else f"<Othr><Id>{account}</Id></Othr>")
    return (f"<RltdPties><{role}>{nm}</{role}><{role}Acct><Id>{acct}</Id></{role}Acct></RltdPties>"
            f"<RltdAgts><{role}Agt><FinInstnId>{bic(v, agent)}</FinInstnId></{role}Agt></RltdAgts>")


def amount(v, value, ind=None):
    ind_xml = f"<CdtDbtInd>{ind}</CdtDbtInd>" if ind and v >= 4 else ""
    return (f"<AmtDtls><TxAmt><Amt Ccy=\"{value[1]}\">{value[0]}</Amt></TxAmt></AmtDtls>" if v <= 3
            else f"<Amt Ccy=\"{value[1]}\">{value[0]}</Amt>{ind_xml}")


def status(v, code="BOOK"):
    return f"<Sts><Cd>{code}</Cd></Sts>" if v >= 8 else f"<Sts>{code}</Sts>"


def detail(v, ind, amt, ref=None, e2e=None, cp=None, purpose=None, with_amount=False):
    refs = ""
    if ref or e2e:
        refs = "<Refs>" + (f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else "") + (f"<EndToEndId>{e2e}</EndToEndId>" if e2e else "") + "</Refs>"
    role = "Dbtr" if ind == "CRDT" else "Cdtr"
    return ("<TxDtls>" + refs + (amount(v, amt, ind) if with_amount else "")
            + (party(v, role, *cp) if cp else "")
            + (f"<RmtInf><Ustrd>{purpose}</Ustrd></RmtInf>" if purpose else "") + "</TxDtls>")


def entry(v, amt, ind, date, ref=None, details=(), sts="BOOK", reversal=False, datetime=False):
    d = f"<DtTm>{date}T10:15:00</DtTm>" if datetime else f"<Dt>{date}</Dt>"
    return (f"<Ntry><Amt Ccy=\"{amt[1]}\">{amt[0]}</Amt><CdtDbtInd>{ind}</CdtDbtInd>"
            + ("<RvslInd>true</RvslInd>" if reversal else "") + status(v, sts)
            + f"<BookgDt>{d}</BookgDt><ValDt><Dt>{date}</Dt></ValDt>"
            + (f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else "")
            + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
            + ("<NtryDtls>" + "".join(details) + "</NtryDtls>" if details else "") + "</Ntry>")


def balance(code, amt, ccy, date):
    ind = "CRDT" if not amt.startswith("-") else "DBIT"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{ccy}\">{amt.lstrip('-')}</Amt>"
            f"<CdtDbtInd>{ind}</CdtDbtInd><Dt><Dt>{date}</Dt></Dt></Bal>")


def document(v, stmt_id, account, servicer, opening, closing, entries, ccy="CNY", opening_code="OPBD", pretty=True):
    acct = f"<IBAN>{account}</IBAN>" if account[:2].isalpha() else f"<Othr><Id>{account}</Id></Othr>"
    svcr = f"<Svcr><FinInstnId>{bic(v, servicer)}</FinInstnId></Svcr>" if servicer else ""
    body = (f"<Document xmlns=\"{NS.format(v)}\"><BkToCstmrStmt><GrpHdr><MsgId>{stmt_id}-MSG</MsgId>"
            f"<CreDtTm>2025-04-01T08:00:00</CreDtTm></GrpHdr><Stmt><Id>{stmt_id}</Id>"
            f"<CreDtTm>2025-04-01T08:00:00</CreDtTm><Acct><Id>{acct}</Id><Ccy>{ccy}</Ccy>{svcr}</Acct>"
            + balance(opening_code, opening, ccy, "2025-01-01") + balance("CLBD", closing, ccy, "2025-03-31")
            + "".join(entries) + "</Stmt></BkToCstmrStmt></Document>")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    if pretty:
        text = text.replace("><Ntry>", ">\n<Ntry>").replace("<Bal>", "\n<Bal>").replace("</Stmt>", "\n</Stmt>")
        text = text.replace("<TxDtls>", "\n  <TxDtls>")
    return text + "\n"


def cny(s):
    return (s, "CNY")


def write(name, text):
    with open(name, "w") as f:
        f.write(text)


# The equivalence statements: one per bank, versions 001.02, 001.04, 001.06 and 001.08.
write("own-camt053-v02-icbc.xml", document(2, "ICBC-2025Q1-0001", "6222000000000001", "ICBKCNBJXXX", "10000.00", "14000.00", [
    entry(2, cny("1000.00"), "DBIT", "2025-01-05", "I1", [detail(2, "DBIT", cny("1000.00"), e2e="PAY-2025-001", cp=("乙", "6227000000000002", "PCBCCNBJ"), purpose="货款")]),
    entry(2, cny("5000"), "CRDT", "2025-02-11", "I2", [detail(2, "CRDT", cny("5000"), cp=("消费者", "9999000011112222", "BKCHCNBJ"), purpose="销售")]),
]))
write("own-camt053-v04-ccb.xml", document(4, "CCB-2025Q1-0002", "6227000000000002", "PCBCCNBJ", "2000.00", "2499.50", [
    entry(4, cny("1000.00"), "CRDT", "2025-01-05", "C1", [detail(4, "CRDT", cny("1000.00"), e2e="PAY-2025-001", cp=("甲", "6222000000000001", "ICBKCNBJ"), purpose="货款")]),
    # A batch: one entry of 500.50, two details with their own amounts and references.
    entry(4, cny("500.50"), "DBIT", "2025-02-10", "C23", [
        detail(4, "DBIT", cny("300.50"), ref="C2", cp=("丙", "6230000000000003", "CQRBCNBC"), purpose="运费", with_amount=True),
        detail(4, "DBIT", cny("200.00"), ref="C3", cp=("乙", "6231000000000004", "CQCBCNBC"), purpose="内部调拨", with_amount=True),
    ]),
]).replace("<BookgDt><Dt>2025-02-10</Dt></BookgDt><ValDt><Dt>2025-02-10</Dt></ValDt><AcctSvcrRef>C23", "<BookgDt><Dt>2025-02-10</Dt></BookgDt><ValDt><Dt>2025-02-10</Dt></ValDt><AcctSvcrRef>C23"))
write("own-camt053-v06-cqrb.xml", document(6, "CQRB-2025Q1-0003", "6230000000000003", "CQRBCNBC", "500.00", "720.25", [
    entry(6, cny("300.50"), "CRDT", "2025-02-11", "R1", [detail(6, "CRDT", cny("300.50"), cp=("乙", "6227000000000002", "PCBCCNBJ"), purpose="运费")]),
    entry(6, cny("80.25"), "DBIT", "2025-03-31", "R2", [detail(6, "DBIT", cny("80.25"), cp=("国家税务总局", "1111222233334444", "PBOCCNBJ"), purpose="税款")]),
]))
write("own-camt053-v08-cqcb.xml", document(8, "CQCB-2025Q1-0004", "6231000000000004", "CQCBCNBC", "0.00", "200.00", [
    entry(8, cny("200.00"), "CRDT", "2025-02-10", "Q1", [detail(8, "CRDT", cny("200.00"), cp=("乙", "6227000000000002", "PCBCCNBJ"), purpose="内部调拨")]),
]))

# Feature files (parser tests only), versions 001.03, 001.05, 001.07.
write("own-camt053-v03-features.xml", document(3, "FEAT-03", "CH9300762011623852957", "TESTCHZZ", "1000.00", "1050.00", [
    entry(3, ("100.00", "CHF"), "CRDT", "2025-05-02", "A1", [detail(3, "CRDT", ("100.00", "CHF"), e2e="E-0", cp=("Alpha AG", "CH5604835012345678009", "ALPHCHZZ"), purpose="Rechnung 1")]),
    entry(3, ("50.00", "CHF"), "DBIT", "2025-05-03", "A2", sts="PDNG"),
    # A batch without an entry reference, split by its details' end-to-end ids.
    entry(3, ("50.00", "CHF"), "DBIT", "2025-05-04", None, [
        detail(3, "DBIT", ("30.00", "CHF"), e2e="E-1", cp=("Beta GmbH", "DE89370400440532013000", "COBADEFF"), purpose="Lohn 1", with_amount=True),
        detail(3, "DBIT", ("20.00", "CHF"), e2e="E-2", cp=("Gamma SA", "FR1420041010050500013M02606", "PSSTFRPP"), purpose="Lohn 2", with_amount=True),
    ]),
], ccy="CHF"))
write("own-camt053-v05-features.xml", document(5, "FEAT-05", "CH9300762011623852957", None, "-20.00", "-6.66", [
    entry(5, ("12.34", "CHF"), "CRDT", "2025-06-01", "B1", [detail(5, "CRDT", ("12.34", "CHF"), purpose="Storno")], reversal=True),
    # Details whose amounts do not add up to the entry: the entry stays whole.
    entry(5, ("1.00", "CHF"), "CRDT", "2025-06-02", "B2", [
        detail(5, "CRDT", ("0.60", "CHF"), with_amount=True), detail(5, "CRDT", ("0.30", "CHF"), with_amount=True)]),
], ccy="CHF", opening_code="PRCD"))
write("own-camt053-v07-minified.xml", document(7, "FEAT-07", "CH9300762011623852957", "TESTCHZZ", "0.00", "3.00", [
    entry(7, ("1.00", "CHF"), "CRDT", "2025-07-01", "M1", datetime=True),
    entry(7, ("2.00", "CHF"), "CRDT", "2025-07-02", "M2", datetime=True),
], ccy="CHF", pretty=False).replace('<?xml version="1.0" encoding="UTF-8"?>\n', ""))

# MT940: the same four statements. ICBC, CCB and CQCB in the structured ?-subfield dialect of :86:,
# CQRB in the slash-key dialect; :25: in the BANKCODE/ACCOUNT form.
def mt940(ref, account, number, opening, closing, lines):
    def bal(tag, v, date):
        return f":{tag}:{'D' if v.startswith('-') else 'C'}{date}CNY{v.lstrip('-').replace('.', ',')}"
    out = ["{1:F01TESTBANKAXXX0000000000}{2:O9401200250401TESTBANKAXXX00000000002504011200N}{4:",
           f":20:{ref}", f":25:{account}", f":28C:{number}", bal("60F", opening, "250101")]
    out += lines
    out += [bal("62F", closing, "250331"), "-}"]
    return "\r\n".join(out) + "\r\n"


def line61(date, mark, amount, bank_ref):
    return f":61:{date}{date[2:]}{mark}{amount.replace('.', ',')}NTRFNONREF//{bank_ref}"


write("own-mt940-structured.sta", mt940("ICBC250331", "ICBKCNBJ/6222000000000001", "1/1", "10000.00", "14000.00", [
    line61("250105", "D", "1000.00", "I1"), ":86:166?00UEBERWEISUNG?20EREF+PAY-2025-001?21SVWZ+货款?30PCBCCNBJ",
    "?316227000000000002?32乙",
    line61("250211", "C", "5000.", "I2"), ":86:166?00GUTSCHRIFT?20SVWZ+销售?30BKCHCNBJ?319999000011112222?32消费者",
]) + mt940("CCB250331", "PCBCCNBJ/6227000000000002", "1/1", "2000.00", "2499.50", [
    line61("250105", "C", "1000.00", "C1"), ":86:166?00GUTSCHRIFT?20EREF+PAY-2025-001?21SVWZ+货款?30ICBKCNBJ?316222000000000001?32甲",
    line61("250210", "D", "300.50", "C2"), ":86:166?00UEBERWEISUNG?20运费?30CQRBCNBC?316230000000000003?32丙",
    line61("250210", "D", "200.00", "C3"), ":86:166?00UEBERWEISUNG?20内部调拨?30CQCBCNBC?316231000000000004?32乙",
]))
write("own-mt940-slashkeys.sta", mt940("CQRB250331", "CQRBCNBC/6230000000000003", "1/1", "500.00", "720.25", [
    line61("250211", "C", "300.50", "R1"), ":86:/TRTP/SEPA CREDIT TRANSFER/IBAN/6227000000000002/BIC/PCBCCNBJ/NAME/乙",
    "/REMI/USTD//运费/EREF/NOTPROVIDED",
    line61("250331", "D", "80.25", "R2"), ":86:/TRTP/SEPA CREDIT TRANSFER/IBAN/1111222233334444/BIC/PBOCCNBJ/NAME/国家税务总局/REMI/税款",
]) + mt940("CQCB250331", "CQCBCNBC/6231000000000004", "1/1", "0.00", "200.00", [
    line61("250210", "C", "200.00", "Q1"), ":86:166?00GUTSCHRIFT?20内部调拨?30PCBCCNBJ?316227000000000002?32乙",
]))
# Free-text :86:, an account without a bank code, ING's /CNTP/ form, a reversal (RC) and a
# debit opening balance; ends without a trailing newline.
write("own-mt940-freetext.sta", "\n".join([
    ":20:FREE1", ":25:NL91ABNA0417164300", ":28C:7/1", ":60F:D250101EUR100,00",
    ":61:2501020102C50,00NTRFNONREF", ":86:BETALING KENMERK 123", "FACTUUR 2024-77",
    ":61:2501030103RC5,25NTRFNONREF", ":86:/CNTP/NL20INGB0001234567/INGBNL2A/J. Jansen/Amsterdam//REMI/STORNO/",
    ":62F:D250103EUR55,25", "-"]))
print("written")
