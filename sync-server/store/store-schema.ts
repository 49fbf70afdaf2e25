/**
 * The SQLite schema, as migrations applied in order; `PRAGMA user_version` records how many ran.
 * Append a migration to change the schema, never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
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
]
