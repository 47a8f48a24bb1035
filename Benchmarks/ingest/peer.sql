-- The fair psql peer of `fundchain ingest transactions` (Benchmarks/ingest.sh): what a PostgreSQL
-- engineer would write with psql alone for the same job and the same result, on FundChain's
-- schema. One transaction for the file: \copy into an all-text staging table; validate and type
-- each row and resolve both accounts' owners in SQL; create the month partitions; INSERT … ON
-- CONFLICT DO NOTHING into the partitioned `transactions` with its unique key, keeping the rows
-- that were new; add their flows to `flow_edges` and `firm_month` with GROUP BY upserts; record
-- the run's counts and every rejected row. Usage: psql -v file=PATH -f peer.sql < PATH (\copy reads psql's stdin)
\set ON_ERROR_STOP 1
BEGIN;
INSERT INTO ingest_runs (kind, format, file_name, file_sha256, file_bytes) VALUES ('transactions', 'csv', :'file', '', 0)
RETURNING id AS run_id \gset
CREATE TEMP TABLE staging (bank_code text, account_no text, txn_ref text, booked_at text, direction text, amount text,
    currency text, counterparty_account text, counterparty_name text, counterparty_bank text, purpose text,
    line bigserial) ON COMMIT DROP;
\copy staging (bank_code, account_no, txn_ref, booked_at, direction, amount, currency, counterparty_account, counterparty_name, counterparty_bank, purpose) FROM pstdin WITH (FORMAT csv, HEADER)
-- Temporary tables have no statistics until analysed; without them the joins below plan badly.
ANALYZE staging;

-- Valid rows, typed, with the owner of the account and of the counterparty's (when covered). A
-- date is valid when it is one of the calendar's days written YYYY-MM-DD: a hash join with the
-- days from 1990 to 2100 checks and types it at once (no cast that could fail); an amount has at
-- most two decimals and is positive.
CREATE TEMP TABLE days ON COMMIT DROP AS
SELECT to_char(d, 'YYYY-MM-DD') AS text, d::date AS day
FROM generate_series(date '1990-01-01', date '2100-12-31', interval '1 day') AS d;
ANALYZE days;
CREATE TEMP TABLE typed ON COMMIT DROP AS
SELECT a.uscc AS firm, s.bank_code, s.account_no, s.txn_ref, d.day AS booked_at, s.direction,
       (s.amount::numeric * 100)::bigint AS amount, s.currency, nullif(s.counterparty_account, '') AS counterparty_account,
       nullif(s.counterparty_name, '') AS counterparty_name, nullif(s.counterparty_bank, '') AS counterparty_bank,
       c.uscc AS counterparty_firm, nullif(s.purpose, '') AS purpose, s.line
FROM staging s
JOIN days d ON d.text = s.booked_at
JOIN accounts a ON a.bank_code = s.bank_code AND a.account_no = s.account_no
LEFT JOIN accounts c ON c.bank_code = s.counterparty_bank AND c.account_no = s.counterparty_account
WHERE s.txn_ref <> '' AND length(s.txn_ref) <= 64
  AND s.direction IN ('D', 'C')
  AND s.amount ~ '^[0-9]{1,15}(\.[0-9]{1,2})?$' AND s.amount::numeric > 0
  AND s.currency ~ '^[A-Z]{3}$';
ANALYZE typed;

INSERT INTO ingest_rejects (run_id, line, field, reason, message, raw)
SELECT :run_id, s.line + 1, 'row', 'invalid', 'not a valid entry of a covered account',
       left(concat_ws(',', s.bank_code, '****' || right(s.account_no, 4), s.txn_ref, s.booked_at, s.amount), 200)
FROM staging s WHERE NOT EXISTS (SELECT FROM typed t WHERE t.line = s.line);

SELECT ensure_transactions_partition(m) FROM (SELECT DISTINCT date_trunc('month', booked_at)::date AS m FROM typed) AS months \g /dev/null

CREATE TEMP TABLE fresh ON COMMIT DROP AS
WITH inserted AS (
    INSERT INTO transactions (firm, bank_code, account_no, txn_ref, booked_at, direction, amount, currency,
                              counterparty_account, counterparty_name, counterparty_bank, counterparty_firm, purpose, run_id)
    SELECT firm, bank_code, account_no, txn_ref, booked_at, direction, amount, currency, counterparty_account,
           counterparty_name, counterparty_bank, counterparty_firm, purpose, :run_id
    FROM typed
    ON CONFLICT DO NOTHING
    RETURNING firm, booked_at, direction, amount, counterparty_firm)
SELECT * FROM inserted;
ANALYZE fresh;

-- Edges between covered firms: a debit pays its covered counterparty (the payee's credit of the
-- same transfer is not counted again). Flows with the outside world are firm_month's.
INSERT INTO flow_edges (month, payer_firm, payee_firm, amount, txn_count)
SELECT date_trunc('month', booked_at)::date, firm, counterparty_firm, sum(amount), count(*)
FROM fresh WHERE direction = 'D' AND counterparty_firm IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (month, payer_firm, payee_firm) DO UPDATE
    SET amount = flow_edges.amount + EXCLUDED.amount, txn_count = flow_edges.txn_count + EXCLUDED.txn_count;

-- Monthly totals per firm: every entry counts, but transfers between its own accounts are
-- neither inflow nor outflow.
INSERT INTO firm_month (month, firm, inflow, outflow, inflow_outside, outflow_outside, credit_count, debit_count,
                        inflow_days, outflow_days, credit_count_outside, debit_count_outside)
SELECT date_trunc('month', booked_at)::date, firm,
       coalesce(sum(amount) FILTER (WHERE direction = 'C' AND counterparty_firm IS DISTINCT FROM firm), 0),
       coalesce(sum(amount) FILTER (WHERE direction = 'D' AND counterparty_firm IS DISTINCT FROM firm), 0),
       coalesce(sum(amount) FILTER (WHERE direction = 'C' AND counterparty_firm IS NULL), 0),
       coalesce(sum(amount) FILTER (WHERE direction = 'D' AND counterparty_firm IS NULL), 0),
       count(*) FILTER (WHERE direction = 'C'), count(*) FILTER (WHERE direction = 'D'),
       coalesce(bit_or(1 << (extract(day from booked_at)::int - 1))
                FILTER (WHERE direction = 'C' AND counterparty_firm IS DISTINCT FROM firm), 0),
       coalesce(bit_or(1 << (extract(day from booked_at)::int - 1))
                FILTER (WHERE direction = 'D' AND counterparty_firm IS DISTINCT FROM firm), 0),
       count(*) FILTER (WHERE direction = 'C' AND counterparty_firm IS NULL),
       count(*) FILTER (WHERE direction = 'D' AND counterparty_firm IS NULL)
FROM fresh
GROUP BY 1, 2
ON CONFLICT (month, firm) DO UPDATE SET
    inflow = firm_month.inflow + EXCLUDED.inflow, outflow = firm_month.outflow + EXCLUDED.outflow,
    inflow_outside = firm_month.inflow_outside + EXCLUDED.inflow_outside,
    outflow_outside = firm_month.outflow_outside + EXCLUDED.outflow_outside,
    credit_count = firm_month.credit_count + EXCLUDED.credit_count,
    debit_count = firm_month.debit_count + EXCLUDED.debit_count,
    inflow_days = firm_month.inflow_days | EXCLUDED.inflow_days,
    outflow_days = firm_month.outflow_days | EXCLUDED.outflow_days,
    credit_count_outside = firm_month.credit_count_outside + EXCLUDED.credit_count_outside,
    debit_count_outside = firm_month.debit_count_outside + EXCLUDED.debit_count_outside;

UPDATE ingest_runs SET status = 'completed', finished_at = now(),
    rows_read = (SELECT count(*) FROM staging), rows_loaded = (SELECT count(*) FROM fresh),
    rows_rejected = (SELECT count(*) FROM staging) - (SELECT count(*) FROM typed),
    rows_duplicate = (SELECT count(*) FROM typed) - (SELECT count(*) FROM fresh)
WHERE id = :run_id;
COMMIT;
