-- Feature vectors of a reference set that Guidelab computed from images or features, kept for the
-- k-NN and kernel metrics of image experiments (precision/recall, density/coverage, KID, realism,
-- rarity), which compare generated features with reference vectors, not with a mean and covariance.
-- Keyed by the reference's content key, whose hash covers the rule that chose the vectors, so they
-- are as immutable as the statistics they belong to. Imported μ/Σ files have no row here.
CREATE TABLE reference_features (
    content_key text PRIMARY KEY REFERENCES reference_stats (content_key) ON DELETE CASCADE,
    n           int         NOT NULL CHECK (n > 0),     -- vectors kept: min(N, guidelab.references.knn-samples)
    dim         int         NOT NULL CHECK (dim > 0),
    selection   text        NOT NULL,                   -- the rule that chose them, e.g. a seeded uniform subset
    features    bytea       NOT NULL CHECK (octet_length(features) = 4 * n * dim),  -- [n, d] float32 LE, row-major
    created_at  timestamptz NOT NULL DEFAULT now()
);
