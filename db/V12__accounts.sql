-- Team accounts (docs/accounts.md): users with a role, API tokens, dashboard sessions and one-time
-- sign-in codes. No secret is stored in clear: passwords as bcrypt hashes, tokens, session ids and
-- sign-in codes (random, 256 bits) as their SHA-256, which is all a lookup of a high-entropy secret needs.

CREATE TABLE app_user (
    name          text PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    password_hash text,                    -- bcrypt (modular crypt format); NULL: signs in by link or token only
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text,                    -- the admin who created it; NULL for the first admin
    disabled_at   timestamptz              -- a disabled user's tokens and sessions stop working
);

CREATE TABLE api_token (
    id           uuid PRIMARY KEY,
    user_name    text        NOT NULL REFERENCES app_user (name),
    name         text        NOT NULL,
    hash         bytea       NOT NULL UNIQUE CHECK (octet_length(hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_name, created_at DESC);

CREATE TABLE user_session (
    hash       bytea PRIMARY KEY CHECK (octet_length(hash) = 32),
    user_name  text        NOT NULL REFERENCES app_user (name),
    csrf       text        NOT NULL,       -- sent back in X-Guidelab-CSRF by cookie-authenticated writes
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX user_session_expires_idx ON user_session (expires_at);

CREATE TABLE sign_in_code (
    hash       bytea PRIMARY KEY CHECK (octet_length(hash) = 32),
    user_name  text        NOT NULL REFERENCES app_user (name),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- Who did what: a transition caused by a user (a cancel) names them; workers' transitions name
-- the worker, as before. Registrations name their owner; rows from before accounts keep NULL.
ALTER TABLE state_change ADD COLUMN actor text;
ALTER TABLE model ADD COLUMN owner text;
ALTER TABLE reference_stats ADD COLUMN owner text;

-- Quotas (docs/accounts.md) count what a user has in flight: queued and running points, and the
-- network evaluations they may take (for a sweep point, an upper bound on samples × NFE per sample;
-- for a training, iterations × batch; 0 for a reference computation). Older points count 0.
ALTER TABLE point ADD COLUMN evaluations bigint NOT NULL DEFAULT 0 CHECK (evaluations >= 0);
CREATE INDEX point_in_flight_idx ON point (experiment_id) WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX experiment_owner_idx ON experiment (owner);
