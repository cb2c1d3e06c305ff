-- Foundation: municipalities, accounts, sessions, API tokens, sign-in throttling, security audit log.
-- Every table is STRICT so SQLite checks column types as PostgreSQL does.

CREATE TABLE gemeenten (
    code TEXT PRIMARY KEY CHECK (length(code) = 6 AND code GLOB 'GM[0-9][0-9][0-9][0-9]'),
    naam TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id BLOB PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL,
    bibob_clearance INTEGER NOT NULL,
    totp_secret TEXT,
    totp_confirmed INTEGER NOT NULL,
    totp_last_step INTEGER,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE user_roles (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('teamlid', 'analist', 'coordinator', 'privacyfunctionaris', 'jurist', 'burgemeester', 'beheerder')),
    PRIMARY KEY (user_id, role)
) STRICT;

CREATE TABLE user_gemeenten (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    PRIMARY KEY (user_id, gemeente_code)
) STRICT;

CREATE TABLE recovery_codes (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failure_at TEXT NOT NULL,
    locked_until TEXT
) STRICT;

CREATE TABLE sessions (
    id BLOB PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    active_gemeente TEXT REFERENCES gemeenten (code),
    client_addr TEXT,
    user_agent TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- No foreign key on actor: the audit trail must outlive the accounts it mentions.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id BLOB NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor BLOB,
    action TEXT NOT NULL,
    object TEXT,
    outcome TEXT NOT NULL,
    client_addr TEXT,
    details TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
