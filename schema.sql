-- fundchain:schema-version 17
-- FundChain: the one definition of the database.
--
-- `fundchain migrate` applies this file as a whole, in one transaction, and records its version
-- and sha256 in schema_migrations. Every statement is idempotent (IF NOT EXISTS, OR REPLACE), so
-- applying it twice changes nothing. Bump `fundchain.schema_version` below with every change.
--
-- Money is bigint fen (minor units). Firms are USCCs (char 18). The "outside world" (every
-- counterparty that is not a covered account) is firm_month's outside totals, and the pseudo-firm
-- 'outside' where a graph shows those flows as edges.
--
-- Citus (docs/scale.md): on a database with the citus extension the same tables become distributed
-- and reference tables (the last section). Every large table carries its distribution key (the
-- firm) in its primary/unique key: transactions (firm), flow_edges (payer_firm), firm_month (firm),
-- snapshots (uscc). Nothing here needs a cross-shard unique index or a foreign key between
-- distributed tables. On plain PostgreSQL that section does nothing.
--
-- The line `-- fundchain:commit` splits the file: what is above it commits on its own first.

-- Roles (docs/security.md): NOLOGIN groups, created once per cluster. fundchain_owner owns every
-- object and nobody logs in as it; each job logs in as a role that is a member of exactly one of
-- the others, and the grants at the end of this file say what each may do. Migrating needs a
-- superuser, or a member of fundchain_owner (with CREATEROLE while the groups do not exist yet).
DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['fundchain_owner', 'fundchain_ingest', 'fundchain_build', 'fundchain_service',
                                'fundchain_analyst', 'fundchain_auditor', 'fundchain_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by a migration of another database of the cluster
            END;
        END IF;
    END LOOP;
END;
$$;
-- On Citus the owner may log in: Citus opens its connections to the workers as the current role,
-- and the rest of this file runs as the owner, as does ensure_transactions_partition. It has no
-- password; pg_hba must admit it only from the cluster's own nodes, like Citus's own connections.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
       AND NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'fundchain_owner') THEN
        ALTER ROLE fundchain_owner LOGIN;
    END IF;
END;
$$;
-- On Citus, FundChain's transactions write reference tables (runs, batches) after distributed ones,
-- which Citus allows only over one connection per worker: the database's default, for every new
-- session. Parallelism then comes from the workers and from several ingests at once. (Needs the
-- database's owner or a superuser; migrate as one on Citus.)
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        EXECUTE format('ALTER DATABASE %I SET citus.multi_shard_modify_mode TO sequential', current_database());
    END IF;
END;
$$;
-- The owner creates the objects below. (A warning, not an error, where the migrating role may
-- not grant this: then fundchain_owner must already hold it.)
GRANT USAGE, CREATE ON SCHEMA public TO fundchain_owner;
-- Roles are cluster-wide, and Citus must see them committed on every node before it connects as
-- them: the above commits first, the rest in one transaction.
-- fundchain:commit

-- On Citus, for this transaction: the append-only triggers below are wanted on distributed and
-- reference tables (Citus creates them on every shard; they only raise, and touch no other shard),
-- and DDL goes to the shards over one connection per node, so it may follow the DDL before it.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
        PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    END IF;
END;
$$;
-- Version 10: objects made by earlier versions belonged to whoever migrated; hand them over.
DO $$
DECLARE
    object record;
BEGIN
    FOR object IN
        SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          AND c.relowner <> 'fundchain_owner'::regrole
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO fundchain_owner', object.name);
    END LOOP;
    -- Sequences not owned by a column (those moved with their tables).
    FOR object IN
        SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' AND c.relowner <> 'fundchain_owner'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO fundchain_owner', object.name);
    END LOOP;
    FOR object IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> 'fundchain_owner'::regrole
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO fundchain_owner', object.name);
    END LOOP;
END;
$$;
-- Everything from here on, to the end of the migration's transaction, is done as the owner.
SET LOCAL ROLE fundchain_owner;

CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    sha256      text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Covered firms.
CREATE TABLE IF NOT EXISTS firms (
    uscc        char(18)    PRIMARY KEY,
    name        text        NOT NULL,
    industry    text        NOT NULL,               -- GB/T 4754-2017 class or division, e.g. C3670
    region      char(9)     NOT NULL,               -- Chongqing town/street code
    founded_on  date        NOT NULL,
    is_core     boolean     NOT NULL DEFAULT false, -- core enterprise of an industrial chain
    run_id      bigint,                             -- the ingest run that loaded it
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS firms_region_idx ON firms (region);
CREATE INDEX IF NOT EXISTS firms_industry_idx ON firms (industry);

-- Accounts of covered firms. Account numbers are personal data: never print them whole.
CREATE TABLE IF NOT EXISTS accounts (
    bank_code   text        NOT NULL,
    account_no  text        NOT NULL,
    uscc        char(18)    NOT NULL,
    opened_on   date        NOT NULL,
    currency    char(3)     NOT NULL,
    run_id      bigint,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bank_code, account_no)
);
CREATE INDEX IF NOT EXISTS accounts_uscc_idx ON accounts (uscc);
CREATE INDEX IF NOT EXISTS accounts_number_idx ON accounts (account_no);

-- Statement entries, one per account movement, range-partitioned by booking month. Partitions
-- (transactions_yYYYYmMM) are created on demand by ensure_transactions_partition().
-- Idempotence: (bank_code, txn_ref) identifies an entry; the unique key also holds the
-- partition key (booked_at) and the distribution key (firm), as PostgreSQL and Citus require.
-- The reference leads the key: a bank's references grow with time (a date or a sequence), so a
-- statement file's entries, sorted by key in each batch as ingest sends them, land at the right
-- edge of the month's index, where PostgreSQL inserts without descending the tree; led by the
-- bank code, every bank's run of entries needed a descent (version 16: 43 % less backend CPU in
-- the key's inserts, 1.48 s -> 0.85 s for a 10k-firm region's 1.22M entries).
CREATE TABLE IF NOT EXISTS transactions (
    firm                  char(18)  NOT NULL,   -- owner of account_no (resolved at ingest)
    bank_code             text      NOT NULL,
    account_no            text      NOT NULL,
    txn_ref               text      NOT NULL,
    booked_at             date      NOT NULL,
    direction             char(1)   NOT NULL CHECK (direction IN ('D', 'C')),
    amount                bigint    NOT NULL CHECK (amount > 0),   -- fen
    currency              char(3)   NOT NULL,
    counterparty_account  text,
    counterparty_name     text,
    counterparty_bank     text,
    counterparty_firm     char(18),             -- owner when the counterparty is a covered account
    purpose               text,
    run_id                bigint    NOT NULL,
    CONSTRAINT transactions_entry_key UNIQUE (txn_ref, bank_code, booked_at, firm)
) PARTITION BY RANGE (booked_at);
-- Version 16: the key of versions up to 15 led with the bank code (rebuilt on every partition).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'transactions'::regclass
                                             AND conname = 'transactions_bank_code_txn_ref_booked_at_firm_key') THEN
        ALTER TABLE transactions DROP CONSTRAINT transactions_bank_code_txn_ref_booked_at_firm_key;
        ALTER TABLE transactions ADD CONSTRAINT transactions_entry_key UNIQUE (txn_ref, bank_code, booked_at, firm);
    END IF;
END;
$$;
-- No other index: nothing reads raw entries by firm (the build reads the aggregates), and each
-- index would cost ingest as much again as the unique key does.

-- Creates the month partition holding `day` if it does not exist; returns its name.
-- SECURITY DEFINER: ingest may create partitions (as the owner, who then owns them) without
-- holding CREATE on the schema. search_path is pinned so no caller can plant a lookalike.
--
-- On plain PostgreSQL the partition is made as a table of its own and then attached: ATTACH
-- PARTITION takes SHARE UPDATE EXCLUSIVE on `transactions`, which the batches merging meanwhile
-- (ROW EXCLUSIVE, until they commit) do not block, where CREATE TABLE … PARTITION OF takes ACCESS
-- EXCLUSIVE: each new month then waited for every merge in flight and held up the next ones
-- behind it (~10 % of a region's ingest time, one stall per month). Attaching an empty table
-- scans nothing, and builds its part of the unique key on nothing. On Citus, where a partition
-- must be created distributed, it is made as before.
CREATE OR REPLACE FUNCTION ensure_transactions_partition(day date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    first date := date_trunc('month', day)::date;
    name  text := format('transactions_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        BEGIN
            IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF transactions FOR VALUES FROM (%L) TO (%L)',
                               name, first, (first + interval '1 month')::date);
            ELSE
                EXECUTE format('CREATE TABLE %I (LIKE transactions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
                EXECUTE format('ALTER TABLE transactions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                               name, first, (first + interval '1 month')::date);
            END IF;
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- created concurrently by another ingest (the catalog's unique key saw it first)
        END;
    END IF;
    RETURN name;
END;
$$;

-- One row per ingested file: rows_read = rows_loaded + rows_duplicate + rows_rejected.
CREATE TABLE IF NOT EXISTS ingest_runs (
    id              bigserial   PRIMARY KEY,
    kind            text        NOT NULL CONSTRAINT ingest_runs_kind_check
                                CHECK (kind IN ('firms', 'accounts', 'transactions', 'consents', 'credit_events')),
    format          text        NOT NULL,
    file_name       text        NOT NULL,
    file_sha256     text        NOT NULL,
    file_bytes      bigint      NOT NULL,
    strict          boolean     NOT NULL DEFAULT false,
    status          text        NOT NULL DEFAULT 'running'
                                CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
    rows_read       bigint      NOT NULL DEFAULT 0,
    rows_loaded     bigint      NOT NULL DEFAULT 0,
    rows_duplicate  bigint      NOT NULL DEFAULT 0,
    rows_rejected   bigint      NOT NULL DEFAULT 0,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    error           text,
    details         jsonb       NOT NULL DEFAULT '{}'  -- e.g. statement reconciliation (camt053, mt940)
);

-- Version 10: consent files (`fundchain consent import`) are ingest runs too; version 12: so are
-- credit-event files (`fundchain events import`).
DO $$
BEGIN
    IF pg_get_constraintdef((SELECT oid FROM pg_constraint
                             WHERE conrelid = 'ingest_runs'::regclass AND conname = 'ingest_runs_kind_check'))
        NOT LIKE '%credit_events%' THEN
        ALTER TABLE ingest_runs DROP CONSTRAINT ingest_runs_kind_check;
        ALTER TABLE ingest_runs ADD CONSTRAINT ingest_runs_kind_check
            CHECK (kind IN ('firms', 'accounts', 'transactions', 'consents', 'credit_events'));
    END IF;
END;
$$;

-- Every rejected row, with what was wrong.
CREATE TABLE IF NOT EXISTS ingest_rejects (
    run_id  bigint  NOT NULL REFERENCES ingest_runs (id),
    line    bigint  NOT NULL,
    field   text    NOT NULL,
    reason  text    NOT NULL,
    message text    NOT NULL,
    raw     text    NOT NULL,   -- the record as read, account numbers masked
    PRIMARY KEY (run_id, line, field)
);
-- Version 2: `field` joined the key. One XML line can hold several statement entries (a
-- minified camt.053); their rejects differ in field (the entry's XPath).
DO $$
BEGIN
    IF (SELECT indnatts FROM pg_index WHERE indexrelid = 'ingest_rejects_pkey'::regclass) = 2 THEN
        ALTER TABLE ingest_rejects DROP CONSTRAINT ingest_rejects_pkey;
        ALTER TABLE ingest_rejects ADD CONSTRAINT ingest_rejects_pkey PRIMARY KEY (run_id, line, field);
    END IF;
END;
$$;

-- Monthly firm-to-firm flows: the edges of the capital-flow graph between covered firms. A
-- transfer between two covered accounts is counted once, from the payer's debit entry; a firm's
-- transfers between its own accounts are a self-loop. Flows with uncovered counterparties are
-- not edges: they are firm_month's outside totals (below). Maintained by ingest.
CREATE TABLE IF NOT EXISTS flow_edges (
    month       date    NOT NULL,   -- first day of the month
    payer_firm  text    NOT NULL,   -- USCC
    payee_firm  text    NOT NULL,   -- USCC
    amount      bigint  NOT NULL,   -- fen
    txn_count   integer NOT NULL,
    PRIMARY KEY (month, payer_firm, payee_firm)
);
-- No index by payee: nothing reads edges by payee (the build loads whole months), and it cost
-- ingest ~40 % of the aggregate upserts (5.4 s → 3.4 s backend CPU for 457k edges). Versions
-- had one up to 4; migrating drops it.
DROP INDEX IF EXISTS flow_edges_payee_idx;

-- Monthly totals per firm, from its own statements. Transfers between the firm's own accounts
-- are neither inflow nor outflow. Maintained by ingest. The flows with the outside world (every
-- uncovered counterparty) are here, not in flow_edges: `fundchain graph` shows them as edges
-- from and to the pseudo-firm 'outside'.
CREATE TABLE IF NOT EXISTS firm_month (
    month                 date     NOT NULL,
    firm                  char(18) NOT NULL,
    inflow                bigint   NOT NULL DEFAULT 0,  -- fen, credits
    outflow               bigint   NOT NULL DEFAULT 0,  -- fen, debits
    inflow_outside        bigint   NOT NULL DEFAULT 0,  -- part of inflow from uncovered counterparties
    outflow_outside       bigint   NOT NULL DEFAULT 0,  -- part of outflow to uncovered counterparties
    credit_count          integer  NOT NULL DEFAULT 0,
    debit_count           integer  NOT NULL DEFAULT 0,
    inflow_days           integer  NOT NULL DEFAULT 0,  -- bit d-1 set when a credit was booked on day d
    outflow_days          integer  NOT NULL DEFAULT 0,  -- bit d-1 set when a debit was booked on day d
    credit_count_outside  integer  NOT NULL DEFAULT 0,  -- part of credit_count from uncovered counterparties
    debit_count_outside   integer  NOT NULL DEFAULT 0,  -- part of debit_count to uncovered counterparties
    PRIMARY KEY (month, firm)
);

-- Version 16. Up to 15, flows with the outside world were also flow_edges rows from or to
-- 'outside' (half of all edges, each repeating a firm_month total, and on Citus all of one
-- direction on the shard of 'outside'): their counts move to firm_month and the rows go. Both
-- keys now start with the month, which every reader filters on (the build loads month by month,
-- reports read a window), so the separate month indexes go too: each cost ingest an index
-- insert per aggregate row (~10 % of the server's CPU for a region's ingest).
ALTER TABLE firm_month ADD COLUMN IF NOT EXISTS credit_count_outside integer NOT NULL DEFAULT 0,
                       ADD COLUMN IF NOT EXISTS debit_count_outside integer NOT NULL DEFAULT 0;
DO $$
DECLARE
    key record;
BEGIN
    -- (SELECT 1: Citus cannot plan a distributed subquery without columns here.)
    IF EXISTS (SELECT 1 FROM flow_edges WHERE payer_firm = 'outside' OR payee_firm = 'outside') THEN
        -- MATERIALIZED: on Citus the edges are not co-located with firm_month, so they are read
        -- first and then joined on the shards.
        WITH e AS MATERIALIZED (SELECT month, payee_firm, txn_count FROM flow_edges WHERE payer_firm = 'outside')
        UPDATE firm_month f SET credit_count_outside = e.txn_count FROM e
        WHERE f.month = e.month AND f.firm = e.payee_firm;
        WITH e AS MATERIALIZED (SELECT month, payer_firm, txn_count FROM flow_edges WHERE payee_firm = 'outside')
        UPDATE firm_month f SET debit_count_outside = e.txn_count FROM e
        WHERE f.month = e.month AND f.firm = e.payer_firm;
        DELETE FROM flow_edges WHERE payer_firm = 'outside' OR payee_firm = 'outside';
    END IF;
    FOR key IN
        SELECT c.conrelid::regclass AS rel, c.conname, k.want
        FROM (VALUES ('firm_month'::regclass, 'PRIMARY KEY (month, firm)'),
                     ('flow_edges'::regclass, 'PRIMARY KEY (month, payer_firm, payee_firm)')) AS k (rel, want)
        JOIN pg_constraint c ON c.conrelid = k.rel AND c.contype = 'p'
        WHERE pg_get_constraintdef(c.oid) <> k.want
    LOOP
        -- Two statements: Citus propagates ADD CONSTRAINT only on its own.
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', key.rel, key.conname);
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', key.rel, key.conname, key.want);
    END LOOP;
END;
$$;
DROP INDEX IF EXISTS firm_month_month_idx;
DROP INDEX IF EXISTS flow_edges_month_idx;
-- Snapshots (docs/snapshots.md): one immutable record per firm per build, hash-chained per firm
-- and grouped in batches with the Merkle root of their hashes. The three tables below are
-- append-only: fundchain_append_only() rejects UPDATE and DELETE (per row) and TRUNCATE (per
-- statement) with SQLSTATE FC001. `fundchain build` is their only writer (SnapshotStore).

-- Every scoring model version ever used, with the exact text of its file.
CREATE TABLE IF NOT EXISTS scoring_models (
    sha256      text        PRIMARY KEY,            -- hex SHA-256 of body (UTF-8)
    model_id    text        NOT NULL,
    version     text        NOT NULL,
    body        text        NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per build; ids are consecutive (allocated under the build's advisory lock).
CREATE TABLE IF NOT EXISTS snapshot_batches (
    id              bigint      PRIMARY KEY,
    as_of           date        NOT NULL,
    window_months   integer     NOT NULL,
    model_sha256    text        NOT NULL REFERENCES scoring_models (sha256),
    firm_count      integer     NOT NULL,
    merkle_root     text        NOT NULL,       -- hex RFC 6962 root over the snapshots' hashes, in id order
    created_at      timestamptz NOT NULL DEFAULT now()
);
-- Version 13: champion and challengers (docs/models.md). A build may score every firm with
-- challenger models beside the champion (model_sha256); their sha256s, in the order each body's
-- "challengers" lists them, and empty for a batch without. Each is in scoring_models; the batch's
-- signed checkpoint lists the champion's sha256 and then these under "models".
ALTER TABLE snapshot_batches ADD COLUMN IF NOT EXISTS challenger_sha256s text[] NOT NULL DEFAULT '{}';

-- One row per firm per batch. body is the canonical JSON text exactly as hashed (text, not
-- jsonb, which would reorder it); hash = sha256(prev_hash or '' || '\n' || body).
-- Citus: distributed by uscc (in the primary key); id is unique by construction, not by an index.
CREATE TABLE IF NOT EXISTS snapshots (
    id                  bigint           NOT NULL,
    batch_id            bigint           NOT NULL,
    uscc                char(18)         NOT NULL,
    as_of               date             NOT NULL,
    score               integer          NOT NULL,
    pd                  double precision NOT NULL,
    grade               text             NOT NULL,
    input_fingerprint   text             NOT NULL,
    body                text             NOT NULL,
    prev_hash           text,                       -- NULL for the firm's first snapshot
    hash                text             NOT NULL,
    PRIMARY KEY (uscc, id)
);
-- lz4 rather than the default pglz for the ~3 KB bodies: COPY of a 100k-firm batch 2.4x faster
-- (Benchmarks/snapshots). Kept as the default where PostgreSQL was built without lz4.
DO $$
BEGIN
    ALTER TABLE snapshots ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END;
$$;
CREATE INDEX IF NOT EXISTS snapshots_batch_idx ON snapshots (batch_id);
CREATE INDEX IF NOT EXISTS snapshots_id_idx ON snapshots (id);

-- Version 11: the snapshots the scoring service may read, the latest batch's only (a view runs
-- with its owner's rights, so the service holds no grant on the table). A compromised service
-- can read what it serves, but not the history; auditors and analysts read the table.
-- security_barrier: no function of a caller's query runs on rows the filter hides.
CREATE OR REPLACE VIEW served_snapshots WITH (security_barrier = true) AS
    SELECT id, batch_id, uscc, as_of, score, pd, grade, input_fingerprint, body, prev_hash, hash
    FROM snapshots
    WHERE batch_id = (SELECT max(id) FROM snapshot_batches);

CREATE OR REPLACE FUNCTION fundchain_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'FC001',
              HINT = 'snapshots are evidence; a new build writes a new batch';
END;
$$;

CREATE OR REPLACE TRIGGER scoring_models_append_only BEFORE UPDATE OR DELETE ON scoring_models
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER scoring_models_no_truncate BEFORE TRUNCATE ON scoring_models
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER snapshot_batches_append_only BEFORE UPDATE OR DELETE ON snapshot_batches
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER snapshot_batches_no_truncate BEFORE TRUNCATE ON snapshot_batches
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER snapshots_append_only BEFORE UPDATE OR DELETE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- Signed checkpoints (docs/security.md, "Signed checkpoints"): one per batch a build signed,
-- written in the batch's transaction. body is the checkpoint's canonical JSON exactly as
-- signed (batch id, firm count, Merkle root, the previous checkpoint's hash, model sha256s,
-- time); each names the previous one's hash, so they form a log of roots. The same signed
-- checkpoints are published outside the database, one file each, where an administrator of the
-- database cannot reach them. Append-only.
CREATE TABLE IF NOT EXISTS checkpoints (
    sequence    bigint      PRIMARY KEY,            -- consecutive from 1, under the build's advisory lock
    batch_id    bigint      NOT NULL UNIQUE,        -- snapshot_batches.id
    body        text        NOT NULL,               -- canonical JSON, the bytes signed
    hash        text        NOT NULL,               -- hex SHA-256 of body
    key_id      text        NOT NULL,               -- 16 hex digits: SHA-256 of the raw Ed25519 public key
    signature   text        NOT NULL                -- hex Ed25519 signature of body
);
CREATE OR REPLACE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- Product catalogs (docs/products-format.md), versioned: `fundchain products load` adds a
-- version when the catalog's sha256 differs from the latest one's, so loading the same files
-- again is a no-op and the latest version is the current catalog. Append-only, like snapshots.
CREATE TABLE IF NOT EXISTS product_catalogs (
    id                  bigint           PRIMARY KEY,
    sha256              text             NOT NULL,   -- ProductCatalog.sha256 over the files
    product_count       integer          NOT NULL,
    source              text             NOT NULL,   -- the directory it was loaded from
    loaded_at           timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS product_catalogs_sha256_idx ON product_catalogs (sha256);
-- One row per product of a catalog version; body is the product file's text exactly as read,
-- so a version can be re-validated and re-matched later.
CREATE TABLE IF NOT EXISTS products (
    catalog_id          bigint           NOT NULL REFERENCES product_catalogs (id),
    product_id          text             NOT NULL,
    name                text             NOT NULL,
    kind                text             NOT NULL,
    file                text             NOT NULL,
    body                text             NOT NULL,
    PRIMARY KEY (catalog_id, product_id)
);
CREATE OR REPLACE TRIGGER product_catalogs_append_only BEFORE UPDATE OR DELETE ON product_catalogs
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER products_append_only BEFORE UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();

-- Early warnings (docs/reports.md): raised by the warning scan (`fundchain build` at its end,
-- `fundchain warnings scan`) comparing a build with the previous one, at most one per firm, build
-- and kind; `fundchain warnings ack ID --note …`
-- marks one handled. Not append-only: handling is an update of handled_at and note, once.
-- Citus: distributed by uscc (in the primary key); id is unique by construction (bigserial).
CREATE TABLE IF NOT EXISTS warnings (
    id              bigserial   NOT NULL,
    batch_id        bigint      NOT NULL,           -- the build that raised it
    previous_batch  bigint      NOT NULL,           -- the build it was compared with
    uscc            char(18)    NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('grade_fell', 'score_drop', 'inflow_collapse', 'joined_cycle')),
    detail          text        NOT NULL,
    value_before    double precision,
    value_after     double precision,
    raised_at       timestamptz NOT NULL,           -- the raising build's created_at
    handled_at      timestamptz,
    note            text,
    PRIMARY KEY (uscc, id),
    UNIQUE (uscc, batch_id, kind)
);
CREATE INDEX IF NOT EXISTS warnings_id_idx ON warnings (id);
CREATE INDEX IF NOT EXISTS warnings_open_idx ON warnings (batch_id) WHERE handled_at IS NULL;
-- Version 14: warning scans. Raising a build's warnings is a job of its own, and every run of it
-- is a row here: the build scanned, the build it was compared with (NULL for the first build:
-- nothing to compare, nothing raised), the score-drop threshold, how many warnings it found and
-- how many of them were new, when and by whom. `fundchain report warnings` only reads; it tells a
-- build never scanned (no row: it says so and how to scan) from one that raised nothing (a row
-- with raised = 0), which the warnings table alone cannot. Append-only evidence of the "warn"
-- step. A small reference table.
CREATE TABLE IF NOT EXISTS warning_scans (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id        bigint      NOT NULL REFERENCES snapshot_batches (id),
    previous_batch  bigint      REFERENCES snapshot_batches (id) CHECK (previous_batch < batch_id),
    score_drop      integer     NOT NULL CHECK (score_drop >= 0),
    raised          integer     NOT NULL CHECK (raised >= 0),
    added           integer     NOT NULL CHECK (added BETWEEN 0 AND raised),
    scanned_at      timestamptz NOT NULL DEFAULT now(),
    scanned_by      text        NOT NULL DEFAULT session_user
);
CREATE INDEX IF NOT EXISTS warning_scans_batch_idx ON warning_scans (batch_id, id);
CREATE OR REPLACE TRIGGER warning_scans_append_only BEFORE UPDATE OR DELETE ON warning_scans
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER warning_scans_no_truncate BEFORE TRUNCATE ON warning_scans
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();
-- API keys of the bank scoring service (`fundchain apikey create|list|revoke`, docs/server.md).
-- A key is `fc_<prefix>_<secret>`: the prefix (not secret) finds the row, and only the SHA-256 of
-- the whole key is stored (keys are 32 random bytes, so a fast hash is enough). Revoking sets
-- revoked_at and NOTIFYs fundchain_api_keys; rows are never deleted. A small reference table.
CREATE TABLE IF NOT EXISTS api_keys (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client      text        NOT NULL CHECK (client <> ''),
    bank_code   text        NOT NULL CHECK (bank_code <> ''),
    scopes      text[]      NOT NULL,               -- checked by api_keys_scopes_check below
    prefix      text        NOT NULL UNIQUE,
    key_sha256  text        NOT NULL,               -- lowercase hex SHA-256 of the whole key
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
-- Version 11 adds the scope `metrics` (GET /metrics on the API listener).
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
    CHECK (scopes <@ ARRAY['score', 'profile', 'snapshot', 'metrics']::text[]);

-- One row per authenticated request of the scoring service that touches a firm, written (and
-- committed) before the response is sent. Append-only. Distribution key: uscc (the firm as
-- requested; '' when the request named none, e.g. an unknown snapshot id), which is also in the
-- primary key, so the table shards on Citus like snapshots. The key leads with (uscc, at), so it
-- also serves "a firm's calls, latest first": every index is maintained on the request path.
CREATE TABLE IF NOT EXISTS audit_log (
    uscc         text        NOT NULL,
    request_id   text        NOT NULL,
    at           timestamptz NOT NULL,
    client       text        NOT NULL,
    bank_code    text        NOT NULL,
    key_id       bigint      NOT NULL,
    route        text        NOT NULL,              -- the OpenAPI operation id, e.g. createScore
    consent_ref  text,
    snapshot_id  bigint,
    status       smallint    NOT NULL,              -- the HTTP status sent
    CONSTRAINT audit_log_pkey PRIMARY KEY (uscc, at, request_id)
);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);
-- Up to version 8 the key was (uscc, request_id) with a separate (uscc, at) index: one index
-- more per audited request (~15 µs of PostgreSQL CPU each, Benchmarks/server).
DROP INDEX IF EXISTS audit_log_uscc_at_idx;
DO $$
BEGIN
    IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = 'audit_log'::regclass AND conname = 'audit_log_pkey')
        <> 'PRIMARY KEY (uscc, at, request_id)' THEN
        ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
        ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (uscc, at, request_id);
    END IF;
END;
$$;
-- Version 10: the consent the answer was given under (consents.id, NULL when none was found)
-- and the caller's TLS client certificate (SHA-256 fingerprint and subject, under mutual TLS).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS consent_id bigint;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS client_cert text;
-- The caller's IP address as the server saw it (also on the rows of calls refused before any
-- firm was looked at: 401, 403 for a scope, 429).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS source text;
-- The audit chain (docs/security.md, "Signed checkpoints"): the server's audit writer writes
-- each flush's rows and one audit_chain link in one statement. The link's hash covers the rows'
-- canonical encoding and the previous link's hash; each row names its link (chain_id,
-- chain_seq). A writer run (a server start, or a flush whose outcome is unknown) starts a new
-- chain. Every chain's head goes into the next signed checkpoint. Append-only.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS chain_id text;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS chain_seq bigint;
CREATE TABLE IF NOT EXISTS audit_chain (
    chain_id    text        NOT NULL,
    seq         bigint      NOT NULL,               -- consecutive from 1 within the chain
    prev_hash   text,                               -- NULL for the chain's first flush
    hash        text        NOT NULL,               -- hex SHA-256 (AuditChain.hash)
    row_count   integer     NOT NULL,
    PRIMARY KEY (chain_id, seq)
);
CREATE OR REPLACE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- Consents (docs/security.md): a firm's authorisation for one bank to query it for one purpose.
-- The bank API answers about a firm only under a live consent: granted_at <= today < expires_at
-- (dates in China Standard Time; no expires_at: until revoked) and not revoked. Rows are never
-- deleted and never changed except to record a revocation once; every write NOTIFYs
-- fundchain_consents, so the service applies it at once, whoever wrote it.
-- Distribution key: uscc (in the primary key and the natural key), like snapshots.
CREATE TABLE IF NOT EXISTS consents (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    uscc        char(18)    NOT NULL,
    bank_code   text        NOT NULL CHECK (bank_code <> ''),
    purpose     text        NOT NULL CHECK (purpose IN ('score', 'profile', 'products')),
    reference   text        NOT NULL CHECK (reference <> '' AND length(reference) <= 128),
    granted_at  date        NOT NULL,
    expires_at  date        CHECK (expires_at > granted_at),
    revoked_at  timestamptz,
    run_id      bigint,                             -- the import run; NULL for `consent grant`
    recorded_at timestamptz NOT NULL DEFAULT now(),
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),  -- last write (insert or revocation)
    PRIMARY KEY (uscc, id),
    UNIQUE (uscc, bank_code, purpose, reference)
);
CREATE INDEX IF NOT EXISTS consents_reference_idx ON consents (reference);
-- The service's cheap change probe (max(id), max(changed_at)) reads these two.
CREATE INDEX IF NOT EXISTS consents_id_idx ON consents (id);
CREATE INDEX IF NOT EXISTS consents_changed_idx ON consents (changed_at);

-- The one change a consent may see: revoked_at set, once. Anything else is refused like any
-- other evidence (SQLSTATE FC001).
CREATE OR REPLACE FUNCTION fundchain_consent_revoke_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
       AND (NEW.id, NEW.uscc, NEW.bank_code, NEW.purpose, NEW.reference, NEW.granted_at, NEW.expires_at, NEW.run_id,
            NEW.recorded_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.uscc, OLD.bank_code, OLD.purpose, OLD.reference, OLD.granted_at, OLD.expires_at, OLD.run_id,
            OLD.recorded_at) THEN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'consents is append-only: % is not allowed (only revoking a live consent is)', TG_OP
        USING ERRCODE = 'FC001', HINT = 'revoke with fundchain consent revoke; grant anew with a new reference';
END;
$$;
CREATE OR REPLACE TRIGGER consents_revoke_only BEFORE UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION fundchain_consent_revoke_only();
CREATE OR REPLACE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- On Citus the trigger fires on every copy of the reference table; only the coordinator's, where
-- the service listens, notifies (a worker's transaction is prepared for two-phase commit, which
-- NOTIFY forbids).
CREATE OR REPLACE FUNCTION fundchain_consents_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    coordinator boolean := true;
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        EXECUTE 'SELECT citus_is_coordinator()' INTO coordinator;
    END IF;
    IF coordinator THEN
        PERFORM pg_notify('fundchain_consents', '');
    END IF;
    RETURN NULL;
END;
$$;
CREATE OR REPLACE TRIGGER consents_notify AFTER INSERT OR UPDATE ON consents
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_consents_notify();

-- Version 12: credit events (README.md, "Credit events"): what happened to a firm's loans
-- after it was scored, reported by its banks, for backtests. A firm is in default from its first
-- 'default', 'overdue_90' or 'written_off' event ('restructured' alone is not a default); the
-- definition lives in one place, FundChainCore's DefaultDefinition. Append-only evidence: a
-- wrong event is corrected by the bank's next report, never by editing. bank_code and reference
-- are NULL when the file does not give them (never ''); the natural key treats NULL as '' so
-- that importing the same file again loads nothing. Distribution key: uscc, like consents.
CREATE TABLE IF NOT EXISTS credit_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    uscc        char(18)    NOT NULL,
    event       text        NOT NULL CHECK (event IN ('default', 'overdue_90', 'restructured', 'written_off')),
    event_date  date        NOT NULL,
    bank_code   text        CHECK (bank_code <> '' AND length(bank_code) <= 16),
    reference   text        CHECK (reference <> '' AND length(reference) <= 128),
    run_id      bigint      REFERENCES ingest_runs (id),   -- the import run
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (uscc, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS credit_events_natural_key
    ON credit_events (uscc, event, event_date, coalesce(bank_code, ''), coalesce(reference, ''));
CREATE INDEX IF NOT EXISTS credit_events_date_idx ON credit_events (event_date);
CREATE OR REPLACE TRIGGER credit_events_append_only BEFORE UPDATE OR DELETE ON credit_events
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER credit_events_no_truncate BEFORE TRUNCATE ON credit_events
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- Version 13: model promotions (docs/models.md). `fundchain model promote` makes a stored scoring
-- model the champion: every later build without --model uses the model of the latest promotion.
-- Each row says which model (the sha256 of its text in scoring_models), who (the database's
-- session user) and when (both filled in by the database: the admin group may insert only the
-- other columns), why (note), and the backtest it rested on (evidence: the model's figures on a
-- batch that scored it, as a JSON object: batch, as_of, horizon_months, observed_months, firms,
-- defaults, auc, auc_low, auc_high, ks, gini). Append-only evidence. A small reference table.
CREATE TABLE IF NOT EXISTS model_promotions (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_sha256  text        NOT NULL REFERENCES scoring_models (sha256),
    promoted_by   text        NOT NULL DEFAULT session_user,
    promoted_at   timestamptz NOT NULL DEFAULT now(),
    note          text        NOT NULL CHECK (btrim(note, E' \t\r\n') <> '' AND length(note) <= 2000),
    evidence      jsonb       NOT NULL CHECK (jsonb_typeof(evidence) = 'object')
);
CREATE OR REPLACE TRIGGER model_promotions_append_only BEFORE UPDATE OR DELETE ON model_promotions
    FOR EACH ROW EXECUTE FUNCTION fundchain_append_only();
CREATE OR REPLACE TRIGGER model_promotions_no_truncate BEFORE TRUNCATE ON model_promotions
    FOR EACH STATEMENT EXECUTE FUNCTION fundchain_append_only();

-- Version 13: every model's score of every firm of a batch, the champion's from the columns and
-- each challenger's from the body's "challengers", and nothing else of the body (no features,
-- names, flows or products). What `fundchain model promote` backtests a model on: the admin group
-- reads this view, not snapshots (a view runs with its owner's rights). security_barrier, like
-- served_snapshots. A challenger's pd goes through jsonb's numeric, which holds the canonical
-- decimal exactly, so it reads back as the same double.
CREATE OR REPLACE VIEW snapshot_model_scores WITH (security_barrier = true) AS
    SELECT s.batch_id, s.uscc, b.model_sha256, s.score AS points, s.pd, s.grade
    FROM snapshots s JOIN snapshot_batches b ON b.id = s.batch_id
    UNION ALL
    SELECT s.batch_id, s.uscc, c.entry -> 'model' ->> 'sha256', (c.entry ->> 'points')::integer,
           (c.entry ->> 'pd')::double precision, c.entry ->> 'grade'
    FROM snapshots s JOIN snapshot_batches b ON b.id = s.batch_id AND b.challenger_sha256s <> '{}'
    CROSS JOIN LATERAL jsonb_array_elements(s.body::jsonb -> 'challengers') AS c (entry);

-- Grants (docs/security.md has them as a table, with the commands each group runs). Nothing
-- is granted to PUBLIC; REVOKE first, so that a grant removed here is removed from the database.
DO $$
DECLARE
    object record;
BEGIN
    FOR object IN
        SELECT c.oid::regclass AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, fundchain_ingest, fundchain_build, fundchain_service, '
                       'fundchain_analyst, fundchain_auditor, fundchain_admin', object.name);
    END LOOP;
END;
$$;
REVOKE ALL ON FUNCTION ensure_transactions_partition(date) FROM PUBLIC;

GRANT SELECT ON schema_migrations
    TO fundchain_ingest, fundchain_build, fundchain_service, fundchain_analyst, fundchain_auditor, fundchain_admin;

-- Ingest: statement entries, firms and accounts in; the aggregates it maintains; its bookkeeping.
GRANT SELECT, INSERT ON firms, accounts, transactions, ingest_rejects TO fundchain_ingest;
GRANT SELECT, INSERT, UPDATE ON ingest_runs, flow_edges, firm_month TO fundchain_ingest;
GRANT USAGE ON SEQUENCE ingest_runs_id_seq TO fundchain_ingest;
GRANT EXECUTE ON FUNCTION ensure_transactions_partition(date) TO fundchain_ingest;

-- Build: reads the aggregates, firms and the catalog; appends models, snapshots and batches.
GRANT SELECT ON firms, flow_edges, firm_month, product_catalogs, products, credit_events TO fundchain_build;
GRANT SELECT, INSERT ON scoring_models, snapshot_batches, snapshots, checkpoints TO fundchain_build;
GRANT SELECT ON audit_chain TO fundchain_build;   -- the chain heads each checkpoint signs
GRANT SELECT ON model_promotions TO fundchain_build;   -- the champion, for a build without --model
-- The warning scan (`build` at its end, `warnings scan`): reads two batches, appends warnings and the scan.
GRANT SELECT, INSERT ON warnings, warning_scans TO fundchain_build;
GRANT USAGE ON SEQUENCE warnings_id_seq, warning_scans_id_seq TO fundchain_build;

-- Service: what it serves and checks; appends to the audit log. No entries, no aggregates, and
-- of the snapshots only the latest batch's (served_snapshots).
GRANT SELECT ON snapshot_batches, served_snapshots, scoring_models, product_catalogs, products, api_keys, consents
    TO fundchain_service;
GRANT INSERT ON audit_log, audit_chain TO fundchain_service;
GRANT SELECT ON checkpoints TO fundchain_service;  -- a batch is served only under a valid checkpoint

-- Analyst: what the reports read, and handling warnings (raising them is the build's scan). No
-- entries, accounts or keys.
GRANT SELECT ON firms, flow_edges, firm_month, scoring_models, snapshot_batches, snapshots, product_catalogs, products,
    credit_events, model_promotions, warnings, warning_scans TO fundchain_analyst;
GRANT UPDATE (handled_at, note) ON warnings TO fundchain_analyst;

-- Auditor: the evidence and the audit trail, read only; keys without their hashes.
GRANT SELECT ON scoring_models, snapshot_batches, snapshots, product_catalogs, products, audit_log, consents,
    checkpoints, audit_chain, credit_events, model_promotions TO fundchain_auditor;
GRANT SELECT (id, client, bank_code, scopes, prefix, created_at, revoked_at) ON api_keys TO fundchain_auditor;

-- Admin: API keys, consents, credit events and the product catalog (consent and credit-event
-- files are ingest runs).
GRANT SELECT, INSERT ON api_keys, consents, credit_events, product_catalogs, products, ingest_rejects TO fundchain_admin;
GRANT UPDATE (revoked_at) ON api_keys, consents TO fundchain_admin;
GRANT SELECT (uscc) ON firms TO fundchain_admin;
GRANT SELECT, INSERT, UPDATE ON ingest_runs TO fundchain_admin;
GRANT USAGE ON SEQUENCE ingest_runs_id_seq, api_keys_id_seq, consents_id_seq, credit_events_id_seq TO fundchain_admin;
-- Promotions (docs/models.md): a model's scores per firm through snapshot_model_scores, not the
-- snapshots; the promotion's who and when are the database's to fill in.
GRANT SELECT ON scoring_models, snapshot_batches, snapshot_model_scores, model_promotions TO fundchain_admin;
GRANT INSERT (model_sha256, note, evidence) ON model_promotions TO fundchain_admin;
GRANT USAGE ON SEQUENCE model_promotions_id_seq TO fundchain_admin;

-- Citus (docs/scale.md has the why of each choice). With the citus extension in this database,
-- the tables become Citus tables, once (a table already in Citus is left as it is):
--   * hash-distributed by the firm, co-located, so that a firm's rows of all of them sit on one
--     worker and joins on the firm (firms with firm_month, snapshots, warnings) run on the shards:
--     firms, firm_month, transactions (each month partition too), snapshots, warnings, credit_events;
--   * hash-distributed by the payer (text, from when 'outside' was a payer too): flow_edges, and beside it
--     audit_log by the firm asked about (text: '' when the request named none);
--   * reference tables (a copy on every node, joined locally): the catalogs, models, batches,
--     checkpoints, keys, runs and their rejects, accounts (ingest resolves owners by account
--     number, which is not the firm), and consents (the service listens on the coordinator for
--     the NOTIFY of their trigger, which fires where a shard changes: on a reference table that
--     includes the coordinator's copy).
-- Foreign keys of tables not yet in Citus are dropped first and added back at the end: making a
-- referenced table a reference table would otherwise turn the referencing ones into Citus local
-- tables on the way. The append-only triggers go with each table to its shards.
DO $$
DECLARE
    spec record;
    fk record;
    fks text[] := '{}';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR fk IN
        SELECT c.conrelid::regclass AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT FROM pg_dist_partition p WHERE p.logicalrelid = c.conrelid)
    LOOP
        fks := fks || format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.rel, fk.conname, fk.def);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.rel, fk.conname);
    END LOOP;
    FOR spec IN
        SELECT * FROM (VALUES
            (1, 'schema_migrations', NULL, NULL), (2, 'ingest_runs', NULL, NULL), (3, 'ingest_rejects', NULL, NULL),
            (4, 'accounts', NULL, NULL), (5, 'scoring_models', NULL, NULL), (6, 'snapshot_batches', NULL, NULL),
            (7, 'checkpoints', NULL, NULL), (8, 'product_catalogs', NULL, NULL), (9, 'products', NULL, NULL),
            (10, 'warning_scans', NULL, NULL), (11, 'api_keys', NULL, NULL), (12, 'consents', NULL, NULL),
            (13, 'model_promotions', NULL, NULL), (14, 'audit_chain', NULL, NULL),
            (20, 'firms', 'uscc', 'default'), (21, 'firm_month', 'firm', 'firms'),
            (22, 'transactions', 'firm', 'firms'), (23, 'snapshots', 'uscc', 'firms'),
            (24, 'warnings', 'uscc', 'firms'), (25, 'credit_events', 'uscc', 'firms'),
            (30, 'flow_edges', 'payer_firm', 'none'), (31, 'audit_log', 'uscc', 'flow_edges')
        ) AS s (ord, name, column_name, colocate_with)
        ORDER BY ord
    LOOP
        CONTINUE WHEN EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = spec.name::regclass);
        IF spec.column_name IS NULL THEN
            PERFORM create_reference_table(spec.name::regclass);
        ELSE
            PERFORM create_distributed_table(spec.name::regclass, spec.column_name,
                                             colocate_with => spec.colocate_with);
        END IF;
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(fks, 1), 0) LOOP
        EXECUTE fks[i];
    END LOOP;
    -- Citus runs a view's query on the shards as the caller, not as the view's owner: the service
    -- (served_snapshots) and the admin group (snapshot_model_scores) need SELECT on snapshots
    -- itself. On Citus they can read every batch, not only what the views show
    -- (docs/security.md, "On Citus").
    GRANT SELECT ON snapshots TO fundchain_service, fundchain_admin;
END;
$$;
