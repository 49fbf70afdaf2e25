/**
 * The PostgreSQL schema, as one list of migrations applied in order; `schema_migrations` records
 * how many ran. Append a migration to change the schema, never edit one that has shipped. The
 * tables mirror the SQLite adapter's; instants are epoch milliseconds (bigint), JSON is text kept
 * byte for byte (the audit chain hashes it), and `ord` columns give insertion order.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: docs, their update log, change feed, snapshots, settings.
  `
  CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
  CREATE TABLE docs (
    id text PRIMARY KEY,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    -- The compacted Yjs state: every update with seq <= state_seq is folded into it.
    state bytea,
    state_seq bigint NOT NULL DEFAULT 0,
    -- The per-doc counter: locked by the UPDATE that takes the next seq, so seqs have no gaps
    -- and follow commit order.
    last_seq bigint NOT NULL DEFAULT 0
  );
  CREATE TABLE updates (
    doc_id text NOT NULL REFERENCES docs(id),
    seq bigint NOT NULL,
    data bytea NOT NULL,
    user_id text NOT NULL,
    at bigint NOT NULL,
    PRIMARY KEY (doc_id, seq)
  );
  CREATE TABLE changes (
    id bigserial PRIMARY KEY,
    doc_id text NOT NULL REFERENCES docs(id),
    seq bigint NOT NULL,
    at bigint NOT NULL,
    user_id text NOT NULL,
    user_name text NOT NULL,
    factor_id text,
    field text NOT NULL,
    from_json text NOT NULL,
    to_json text NOT NULL
  );
  CREATE INDEX changes_by_doc ON changes (doc_id, id);
  CREATE TABLE snapshots (
    ord bigserial UNIQUE,
    id text PRIMARY KEY,
    doc_id text NOT NULL REFERENCES docs(id),
    label text NOT NULL,
    state bytea NOT NULL,
    model_json text NOT NULL,
    hash text NOT NULL,
    findings_json text NOT NULL,
    created_at bigint NOT NULL,
    created_by_id text NOT NULL,
    created_by_name text NOT NULL
  );
  CREATE INDEX snapshots_by_doc ON snapshots (doc_id, created_at);
  CREATE TRIGGER snapshots_immutable BEFORE UPDATE OR DELETE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION refuse_change('snapshots are immutable');
  CREATE TABLE settings (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  `,
  // 2: promotion, production, audit, reference datasets, webhooks and their outbox.
  `
  CREATE TABLE promotion_requests (
    ord bigserial UNIQUE,
    id text PRIMARY KEY,
    model_id text NOT NULL,
    snapshot_id text NOT NULL REFERENCES snapshots(id),
    hash text NOT NULL,
    note text,
    dataset_id text NOT NULL,
    as_of bigint NOT NULL,
    impact_json text,
    backtest_json text,
    findings_json text NOT NULL,
    based_on_version bigint NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_at bigint NOT NULL,
    requested_by_id text NOT NULL,
    requested_by_name text NOT NULL,
    decided_at bigint,
    decided_by_id text,
    decided_by_name text,
    reason text,
    version bigint
  );
  CREATE INDEX promotion_requests_by_model ON promotion_requests (model_id, requested_at);
  -- A request is decided once: only its decision columns change, and only while it is pending.
  CREATE FUNCTION promotion_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status <> 'pending' OR NEW.id IS DISTINCT FROM OLD.id
        OR NEW.model_id IS DISTINCT FROM OLD.model_id
        OR NEW.snapshot_id IS DISTINCT FROM OLD.snapshot_id OR NEW.hash IS DISTINCT FROM OLD.hash
        OR NEW.impact_json IS DISTINCT FROM OLD.impact_json
        OR NEW.based_on_version IS DISTINCT FROM OLD.based_on_version
        OR NEW.requested_by_id IS DISTINCT FROM OLD.requested_by_id THEN
        RAISE EXCEPTION 'a promotion request is decided once';
      END IF;
      RETURN NEW;
    END $$;
  CREATE TRIGGER promotion_requests_decide_once BEFORE UPDATE ON promotion_requests
    FOR EACH ROW EXECUTE FUNCTION promotion_requests_decide_once();
  CREATE TRIGGER promotion_requests_no_delete BEFORE DELETE ON promotion_requests
    FOR EACH ROW EXECUTE FUNCTION refuse_change('promotion requests are kept');

  -- The rows writers lock (SELECT ... FOR UPDATE) to serialize promotion and production of a model.
  CREATE TABLE model_locks (model_id text PRIMARY KEY);

  -- The production history: the pointer is the highest version of a model.
  CREATE TABLE production_versions (
    model_id text NOT NULL,
    version bigint NOT NULL,
    snapshot_id text NOT NULL REFERENCES snapshots(id),
    hash text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('promotion', 'rollback')),
    request_id text REFERENCES promotion_requests(id),
    rolled_back_to bigint,
    promoted_at bigint NOT NULL,
    promoted_by_id text NOT NULL,
    promoted_by_name text NOT NULL,
    PRIMARY KEY (model_id, version)
  );
  CREATE FUNCTION production_versions_increase() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.version <> (SELECT COALESCE(MAX(version), 0) + 1 FROM production_versions
                         WHERE model_id = NEW.model_id) THEN
        RAISE EXCEPTION 'production versions increase by one';
      END IF;
      RETURN NEW;
    END $$;
  CREATE TRIGGER production_versions_increase BEFORE INSERT ON production_versions
    FOR EACH ROW EXECUTE FUNCTION production_versions_increase();
  CREATE TRIGGER production_versions_immutable BEFORE UPDATE OR DELETE ON production_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change('production versions are immutable');

  -- Append-only, hash-chained: hash = sha256 of the entry's canonical JSON with prev_hash.
  CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at bigint NOT NULL,
    actor_id text NOT NULL,
    actor_name text NOT NULL,
    action text NOT NULL,
    model_id text,
    details_json text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
  );
  CREATE INDEX audit_log_by_model ON audit_log (model_id, seq);
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit log is append-only');
  -- The head of the chain, one row: appends lock it, so the chain stays one line with any
  -- number of writers.
  CREATE TABLE audit_head (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq bigint NOT NULL,
    hash text NOT NULL
  );
  INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

  CREATE TABLE datasets (
    ord bigserial UNIQUE,
    id text PRIMARY KEY,
    name text NOT NULL,
    fields_json text NOT NULL,
    row_count bigint NOT NULL,
    bytes bigint NOT NULL,
    sha256 text NOT NULL,
    csv bytea NOT NULL,
    created_at bigint NOT NULL,
    created_by_id text NOT NULL,
    created_by_name text NOT NULL
  );
  -- A dataset may be deleted; the foreign key of reference_datasets refuses it while a model uses it.
  CREATE TRIGGER datasets_immutable BEFORE UPDATE ON datasets
    FOR EACH ROW EXECUTE FUNCTION refuse_change('datasets are immutable');
  CREATE INDEX datasets_by_creator ON datasets (created_by_id);
  -- The dataset a model's promotion impact is computed on; no row means the built-in demo data.
  CREATE TABLE reference_datasets (
    model_id text PRIMARY KEY,
    dataset_id text NOT NULL REFERENCES datasets(id),
    chosen_at bigint NOT NULL,
    chosen_by_id text NOT NULL,
    chosen_by_name text NOT NULL
  );

  CREATE TABLE webhooks (
    ord bigserial UNIQUE,
    id text PRIMARY KEY,
    url text NOT NULL,
    events_json text NOT NULL,
    secret text NOT NULL,
    created_at bigint NOT NULL,
    created_by_id text NOT NULL,
    created_by_name text NOT NULL,
    deleted_at bigint
  );
  -- The durable outbox: a row is written in the transaction that made the event, and stays
  -- pending until a delivery succeeds or its attempts run out, across restarts.
  CREATE TABLE webhook_outbox (
    id bigserial PRIMARY KEY,
    webhook_id text NOT NULL REFERENCES webhooks(id),
    event_type text NOT NULL,
    audit_seq bigint NOT NULL REFERENCES audit_log(seq),
    body text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,
    last_status integer,
    last_error text,
    created_at bigint NOT NULL,
    delivered_at bigint
  );
  CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
  CREATE INDEX webhook_outbox_by_webhook ON webhook_outbox (webhook_id, id);
  `,

  // 3: branches: docs forked from a model's draft, with what the fork was, to merge them back.
  `
  CREATE TABLE branches (
    ord bigserial UNIQUE,
    branch_id text PRIMARY KEY REFERENCES docs(id),
    model_id text NOT NULL,
    name text NOT NULL,
    forked_at bigint NOT NULL,
    forked_by_id text NOT NULL,
    forked_by_name text NOT NULL,
    from_snapshot text REFERENCES snapshots(id),
    fork_draft_sv bytea NOT NULL,
    fork_draft_seq bigint NOT NULL,
    fork_branch_sv bytea NOT NULL,
    fork_branch_seq bigint NOT NULL,
    fork_state bytea NOT NULL,
    deleted_at bigint,
    deleted_by_id text,
    deleted_by_name text
  );
  -- A name is taken while its branch lives; a deleted branch frees it and keeps its row.
  CREATE UNIQUE INDEX branches_live_name ON branches (model_id, name) WHERE deleted_at IS NULL;
  `,

  // 4: shadow scoring: what a pending request's snapshot would have done to scored leads.
  `
  -- Additive, so that every instance adds its tally: counts and sums grow, the maximum only rises.
  CREATE TABLE shadow_totals (
    request_id text PRIMARY KEY REFERENCES promotion_requests(id),
    scored bigint NOT NULL,
    tier_changed bigint NOT NULL,
    sum_delta double precision NOT NULL,
    max_abs_delta double precision NOT NULL
  );
  CREATE TABLE shadow_migration (
    request_id text NOT NULL REFERENCES promotion_requests(id),
    from_tier text NOT NULL,
    to_tier text NOT NULL,
    leads bigint NOT NULL,
    PRIMARY KEY (request_id, from_tier, to_tier)
  );
  -- The largest movers: each tally adds its own, then all but the top few are dropped.
  CREATE TABLE shadow_movers (
    id bigserial PRIMARY KEY,
    request_id text NOT NULL REFERENCES promotion_requests(id),
    lead text NOT NULL,
    production_total double precision NOT NULL,
    candidate_total double precision NOT NULL,
    production_tier text NOT NULL,
    candidate_tier text NOT NULL,
    delta double precision NOT NULL,
    abs_delta double precision NOT NULL
  );
  CREATE INDEX shadow_movers_by_request ON shadow_movers (request_id, abs_delta DESC, id);
  `,

  // 5: scheduled promotion: a request may wait for its due time after approval.
  `
  ALTER TABLE promotion_requests
    ADD COLUMN scheduled_for bigint,
    ADD COLUMN settled_at bigint,
    ADD COLUMN settled_by_id text,
    ADD COLUMN settled_by_name text,
    DROP CONSTRAINT promotion_requests_status_check,
    ADD CONSTRAINT promotion_requests_status_check CHECK (status IN ('pending', 'scheduled',
      'approved', 'promoted', 'rejected', 'suspended', 'cancelled'));
  CREATE INDEX promotion_requests_due ON promotion_requests (status, scheduled_for);
  -- A pending request is decided once; a scheduled one then ends once (promoted, suspended or
  -- cancelled). What it was judged on and its schedule never change.
  CREATE OR REPLACE FUNCTION promotion_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status NOT IN ('pending', 'scheduled')
        OR (OLD.status = 'scheduled' AND NEW.status NOT IN ('promoted', 'suspended', 'cancelled'))
        OR (OLD.status = 'scheduled' AND (NEW.decided_at IS DISTINCT FROM OLD.decided_at
          OR NEW.decided_by_id IS DISTINCT FROM OLD.decided_by_id))
        OR NEW.id IS DISTINCT FROM OLD.id
        OR NEW.model_id IS DISTINCT FROM OLD.model_id
        OR NEW.snapshot_id IS DISTINCT FROM OLD.snapshot_id OR NEW.hash IS DISTINCT FROM OLD.hash
        OR NEW.impact_json IS DISTINCT FROM OLD.impact_json
        OR NEW.backtest_json IS DISTINCT FROM OLD.backtest_json
        OR NEW.based_on_version IS DISTINCT FROM OLD.based_on_version
        OR NEW.requested_by_id IS DISTINCT FROM OLD.requested_by_id
        OR NEW.scheduled_for IS DISTINCT FROM OLD.scheduled_for THEN
        RAISE EXCEPTION 'a promotion request is decided once';
      END IF;
      RETURN NEW;
    END $$;
  `,

  // 6: comments on promotion requests.
  `
  CREATE TABLE promotion_comments (
    id bigserial PRIMARY KEY,
    request_id text NOT NULL REFERENCES promotion_requests(id),
    at bigint NOT NULL,
    author_id text NOT NULL,
    author_name text NOT NULL,
    body text NOT NULL
  );
  CREATE INDEX promotion_comments_by_request ON promotion_comments (request_id, id);
  -- What was said stays as it was said: the audit entry of each comment carries its hash.
  CREATE TRIGGER promotion_comments_immutable BEFORE UPDATE OR DELETE ON promotion_comments
    FOR EACH ROW EXECUTE FUNCTION refuse_change('comments are immutable');
  `,
]
