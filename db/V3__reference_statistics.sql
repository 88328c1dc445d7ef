-- Reference statistics: the Gaussian (μ, Σ) of a reference set in some feature space, for Fréchet
-- distances. Stale caches are impossible by construction: content_key is the SHA-256 of everything
-- the numbers depend on (source content hash, feature network hash or 'raw', preprocessing pipeline,
-- ddof), so a lookup by key can never return numbers computed from something else.
CREATE TABLE reference_stats (
    name            text PRIMARY KEY,          -- e.g. toy-exact:A, cifar10-train-inception
    content_key     text        NOT NULL UNIQUE,  -- SHA-256 hex of (source, features, pipeline, ddof)
    source          text        NOT NULL,      -- 'npz:<sha256 of the file>', 'toy-exact:<sha256 of toy_gmm.json>:A'
    feature_network text        NOT NULL,      -- a feature-network hash or name, 'raw' (no network) or 'unknown'
    pipeline        text        NOT NULL,      -- preprocessing pipeline name, or 'unknown'
    ddof            int         NOT NULL CHECK (ddof IN (0, 1)),  -- Σ normalised by n − ddof
    n               bigint CHECK (n IS NULL OR n > 0),  -- samples behind the numbers; NULL: exact or not recorded
    dim             int         NOT NULL CHECK (dim > 0),
    mu              bytea       NOT NULL CHECK (octet_length(mu) = 8 * dim),           -- [d] float64 LE
    sigma           bytea       NOT NULL CHECK (octet_length(sigma) = 8 * dim * dim),  -- [d, d] float64 LE, row-major
    description     text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reference_stats_created_idx ON reference_stats (created_at DESC);
