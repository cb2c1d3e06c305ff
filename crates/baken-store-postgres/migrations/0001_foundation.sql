-- Foundation: municipalities, accounts, sessions, API tokens, sign-in throttling, security audit log.

CREATE TABLE gemeenten (
    code TEXT PRIMARY KEY CHECK (code ~ '^GM[0-9]{4}$'),
    naam TEXT NOT NULL
);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    bibob_clearance BOOLEAN NOT NULL,
    totp_secret TEXT,
    totp_confirmed BOOLEAN NOT NULL,
    totp_last_step BIGINT,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_roles (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('teamlid', 'analist', 'coordinator', 'privacyfunctionaris', 'jurist', 'burgemeester', 'beheerder')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE user_gemeenten (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    gemeente_code TEXT NOT NULL REFERENCES gemeenten (code),
    PRIMARY KEY (user_id, gemeente_code)
);

CREATE TABLE recovery_codes (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    first_failure_at TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

CREATE TABLE sessions (
    id UUID PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    active_gemeente TEXT REFERENCES gemeenten (code),
    client_addr TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- No foreign key on actor: the audit trail must outlive the accounts it mentions.
CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    at TIMESTAMPTZ NOT NULL,
    actor UUID,
    action TEXT NOT NULL,
    object TEXT,
    outcome TEXT NOT NULL,
    client_addr TEXT,
    details JSONB NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
