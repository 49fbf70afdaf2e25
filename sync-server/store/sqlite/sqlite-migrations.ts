/**
 * The SQLite schema, as one list of migrations applied in order; `PRAGMA user_version` records
 * how many ran. Append a migration to change the schema, never edit one that has shipped.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: docs, their update log, change feed, snapshots, settings.
  `
  CREATE TABLE docs (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The compacted Yjs state: every update with seq <= state_seq is folded into it.
    state BLOB,
    state_seq INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE updates (
    doc_id TEXT NOT NULL REFERENCES docs(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES docs(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    factor_id TEXT,
    field TEXT NOT NULL,
    from_json TEXT NOT NULL,
    to_json TEXT NOT NULL
  );
  CREATE INDEX changes_by_doc ON changes (doc_id, id);
  CREATE TABLE snapshots (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES docs(id),
    label TEXT NOT NULL,
    state BLOB NOT NULL,
    model_json TEXT NOT NULL,
    hash TEXT NOT NULL,
    findings_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by_id TEXT NOT NULL,
    created_by_name TEXT NOT NULL
  );
  CREATE INDEX snapshots_by_doc ON snapshots (doc_id, created_at);
  -- Snapshots are immutable: the database refuses to change or delete one.
  CREATE TRIGGER snapshots_immutable_update BEFORE UPDATE ON snapshots
    BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
  CREATE TRIGGER snapshots_immutable_delete BEFORE DELETE ON snapshots
    BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: promotion, production, audit, reference datasets, webhooks and their outbox.
  `
  CREATE TABLE promotion_requests (
    id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
    hash TEXT NOT NULL,
    note TEXT,
    dataset_id TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    impact_json TEXT,
    findings_json TEXT NOT NULL,
    based_on_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_at INTEGER NOT NULL,
    requested_by_id TEXT NOT NULL,
    requested_by_name TEXT NOT NULL,
    decided_at INTEGER,
    decided_by_id TEXT,
    decided_by_name TEXT,
    reason TEXT,
    version INTEGER
  );
  CREATE INDEX promotion_requests_by_model ON promotion_requests (model_id, requested_at);
  -- A request is decided once: only its decision columns change, and only while it is pending.
  CREATE TRIGGER promotion_requests_decide_once BEFORE UPDATE ON promotion_requests
    WHEN OLD.status <> 'pending' OR NEW.id IS NOT OLD.id OR NEW.model_id IS NOT OLD.model_id
      OR NEW.snapshot_id IS NOT OLD.snapshot_id OR NEW.hash IS NOT OLD.hash
      OR NEW.impact_json IS NOT OLD.impact_json OR NEW.based_on_version IS NOT OLD.based_on_version
      OR NEW.requested_by_id IS NOT OLD.requested_by_id
    BEGIN SELECT RAISE(ABORT, 'a promotion request is decided once'); END;
  CREATE TRIGGER promotion_requests_no_delete BEFORE DELETE ON promotion_requests
    BEGIN SELECT RAISE(ABORT, 'promotion requests are kept'); END;

  -- The production history: the pointer is the highest version of a model.
  CREATE TABLE production_versions (
    model_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
    hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('promotion', 'rollback')),
    request_id TEXT REFERENCES promotion_requests(id),
    rolled_back_to INTEGER,
    promoted_at INTEGER NOT NULL,
    promoted_by_id TEXT NOT NULL,
    promoted_by_name TEXT NOT NULL,
    PRIMARY KEY (model_id, version)
  ) WITHOUT ROWID;
  CREATE TRIGGER production_versions_increase BEFORE INSERT ON production_versions
    WHEN NEW.version <> (SELECT COALESCE(MAX(version), 0) + 1 FROM production_versions
                         WHERE model_id = NEW.model_id)
    BEGIN SELECT RAISE(ABORT, 'production versions increase by one'); END;
  CREATE TRIGGER production_versions_no_update BEFORE UPDATE ON production_versions
    BEGIN SELECT RAISE(ABORT, 'production versions are immutable'); END;
  CREATE TRIGGER production_versions_no_delete BEFORE DELETE ON production_versions
    BEGIN SELECT RAISE(ABORT, 'production versions are immutable'); END;

  -- Append-only, hash-chained: hash = sha256 of the entry's canonical JSON with prev_hash.
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    model_id TEXT,
    details_json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_model ON audit_log (model_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

  CREATE TABLE datasets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    csv BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    created_by_id TEXT NOT NULL,
    created_by_name TEXT NOT NULL
  );
  CREATE TRIGGER datasets_immutable_update BEFORE UPDATE ON datasets
    BEGIN SELECT RAISE(ABORT, 'datasets are immutable'); END;
  CREATE TRIGGER datasets_immutable_delete BEFORE DELETE ON datasets
    BEGIN SELECT RAISE(ABORT, 'datasets are immutable'); END;
  -- The dataset a model's promotion impact is computed on; no row means the built-in demo data.
  CREATE TABLE reference_datasets (
    model_id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets(id),
    chosen_at INTEGER NOT NULL,
    chosen_by_id TEXT NOT NULL,
    chosen_by_name TEXT NOT NULL
  );

  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    events_json TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by_id TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    deleted_at INTEGER
  );
  -- The durable outbox: a row is written in the transaction that made the event, and stays
  -- pending until a delivery succeeds or its attempts run out, across restarts.
  CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    event_type TEXT NOT NULL,
    audit_seq INTEGER NOT NULL REFERENCES audit_log(seq),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER
  );
  CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
  CREATE INDEX webhook_outbox_by_webhook ON webhook_outbox (webhook_id, id);
  `,

  // 3: one counter for the whole schema; files from before kept a second one here.
  `DROP TABLE IF EXISTS schema_parts;`,

  // 4: uploaded CSVs live as files in DATA_DIR/datasets (streamed there, never held in memory);
  // rows from before keep their bytes in csv. A dataset may be deleted now; the foreign key of
  // reference_datasets still refuses deleting one that a model uses.
  `
  DROP TRIGGER datasets_immutable_delete;
  ALTER TABLE datasets ADD COLUMN file TEXT;
  CREATE INDEX datasets_by_creator ON datasets (created_by_id);
  `,

  // 5: the backtest a request was judged on.
  `
  -- The backtest a request was judged on, when its reference dataset has an outcome column; it is
  -- as fixed as the impact once recorded.
  ALTER TABLE promotion_requests ADD COLUMN backtest_json TEXT;
  DROP TRIGGER promotion_requests_decide_once;
  CREATE TRIGGER promotion_requests_decide_once BEFORE UPDATE ON promotion_requests
    WHEN OLD.status <> 'pending' OR NEW.id IS NOT OLD.id OR NEW.model_id IS NOT OLD.model_id
      OR NEW.snapshot_id IS NOT OLD.snapshot_id OR NEW.hash IS NOT OLD.hash
      OR NEW.impact_json IS NOT OLD.impact_json OR NEW.backtest_json IS NOT OLD.backtest_json
      OR NEW.based_on_version IS NOT OLD.based_on_version
      OR NEW.requested_by_id IS NOT OLD.requested_by_id
    BEGIN SELECT RAISE(ABORT, 'a promotion request is decided once'); END;
  `,

  // 6: branches: docs forked from a model's draft, with what the fork was, to merge them back.
  `
  CREATE TABLE branches (
    branch_id TEXT PRIMARY KEY REFERENCES docs(id),
    model_id TEXT NOT NULL,
    name TEXT NOT NULL,
    forked_at INTEGER NOT NULL,
    forked_by_id TEXT NOT NULL,
    forked_by_name TEXT NOT NULL,
    from_snapshot TEXT REFERENCES snapshots(id),
    fork_draft_sv BLOB NOT NULL,
    fork_draft_seq INTEGER NOT NULL,
    fork_branch_sv BLOB NOT NULL,
    fork_branch_seq INTEGER NOT NULL,
    fork_state BLOB NOT NULL,
    deleted_at INTEGER,
    deleted_by_id TEXT,
    deleted_by_name TEXT
  );
  -- A name is taken while its branch lives; a deleted branch frees it and keeps its row.
  CREATE UNIQUE INDEX branches_live_name ON branches (model_id, name) WHERE deleted_at IS NULL;
  `,

  // 7: shadow scoring: what a pending request's snapshot would have done to scored leads.
  `
  -- Additive, so that every instance adds its tally: counts and sums grow, the maximum only rises.
  CREATE TABLE shadow_totals (
    request_id TEXT PRIMARY KEY REFERENCES promotion_requests(id),
    scored INTEGER NOT NULL,
    tier_changed INTEGER NOT NULL,
    sum_delta REAL NOT NULL,
    max_abs_delta REAL NOT NULL
  );
  CREATE TABLE shadow_migration (
    request_id TEXT NOT NULL REFERENCES promotion_requests(id),
    from_tier TEXT NOT NULL,
    to_tier TEXT NOT NULL,
    leads INTEGER NOT NULL,
    PRIMARY KEY (request_id, from_tier, to_tier)
  ) WITHOUT ROWID;
  -- The largest movers: each tally adds its own, then all but the top few are dropped.
  CREATE TABLE shadow_movers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES promotion_requests(id),
    lead TEXT NOT NULL,
    production_total REAL NOT NULL,
    candidate_total REAL NOT NULL,
    production_tier TEXT NOT NULL,
    candidate_tier TEXT NOT NULL,
    delta REAL NOT NULL,
    abs_delta REAL NOT NULL
  );
  CREATE INDEX shadow_movers_by_request ON shadow_movers (request_id, abs_delta DESC, id);
  `,

  // 8: scheduled promotion. A CHECK constraint cannot be altered in SQLite, so the table is
  // rebuilt (migrations run with foreign keys off and checked before they commit).
  `
  CREATE TABLE promotion_requests_next (
    id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
    hash TEXT NOT NULL,
    note TEXT,
    dataset_id TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    impact_json TEXT,
    findings_json TEXT NOT NULL,
    based_on_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'scheduled', 'approved', 'promoted',
      'rejected', 'suspended', 'cancelled')),
    requested_at INTEGER NOT NULL,
    requested_by_id TEXT NOT NULL,
    requested_by_name TEXT NOT NULL,
    decided_at INTEGER,
    decided_by_id TEXT,
    decided_by_name TEXT,
    reason TEXT,
    version INTEGER,
    backtest_json TEXT,
    scheduled_for INTEGER,
    settled_at INTEGER,
    settled_by_id TEXT,
    settled_by_name TEXT
  );
  INSERT INTO promotion_requests_next (id, model_id, snapshot_id, hash, note, dataset_id, as_of,
    impact_json, findings_json, based_on_version, status, requested_at, requested_by_id,
    requested_by_name, decided_at, decided_by_id, decided_by_name, reason, version, backtest_json)
  SELECT id, model_id, snapshot_id, hash, note, dataset_id, as_of, impact_json, findings_json,
    based_on_version, status, requested_at, requested_by_id, requested_by_name, decided_at,
    decided_by_id, decided_by_name, reason, version, backtest_json
  FROM promotion_requests ORDER BY rowid;
  DROP TABLE promotion_requests;
  ALTER TABLE promotion_requests_next RENAME TO promotion_requests;
  CREATE INDEX promotion_requests_by_model ON promotion_requests (model_id, requested_at);
  CREATE INDEX promotion_requests_due ON promotion_requests (status, scheduled_for);
  -- A pending request is decided once; a scheduled one then ends once (promoted, suspended or
  -- cancelled). What it was judged on and its schedule never change.
  CREATE TRIGGER promotion_requests_decide_once BEFORE UPDATE ON promotion_requests
    WHEN OLD.status NOT IN ('pending', 'scheduled')
      OR (OLD.status = 'scheduled' AND NEW.status NOT IN ('promoted', 'suspended', 'cancelled'))
      OR (OLD.status = 'scheduled' AND (NEW.decided_at IS NOT OLD.decided_at
        OR NEW.decided_by_id IS NOT OLD.decided_by_id))
      OR NEW.id IS NOT OLD.id OR NEW.model_id IS NOT OLD.model_id
      OR NEW.snapshot_id IS NOT OLD.snapshot_id OR NEW.hash IS NOT OLD.hash
      OR NEW.impact_json IS NOT OLD.impact_json OR NEW.backtest_json IS NOT OLD.backtest_json
      OR NEW.based_on_version IS NOT OLD.based_on_version
      OR NEW.requested_by_id IS NOT OLD.requested_by_id
      OR NEW.scheduled_for IS NOT OLD.scheduled_for
    BEGIN SELECT RAISE(ABORT, 'a promotion request is decided once'); END;
  CREATE TRIGGER promotion_requests_no_delete BEFORE DELETE ON promotion_requests
    BEGIN SELECT RAISE(ABORT, 'promotion requests are kept'); END;
  `,

  // 9: comments on promotion requests.
  `
  CREATE TABLE promotion_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES promotion_requests(id),
    at INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX promotion_comments_by_request ON promotion_comments (request_id, id);
  -- What was said stays as it was said: the audit entry of each comment carries its hash.
  CREATE TRIGGER promotion_comments_immutable_update BEFORE UPDATE ON promotion_comments
    BEGIN SELECT RAISE(ABORT, 'comments are immutable'); END;
  CREATE TRIGGER promotion_comments_immutable_delete BEFORE DELETE ON promotion_comments
    BEGIN SELECT RAISE(ABORT, 'comments are immutable'); END;
  `,
]
