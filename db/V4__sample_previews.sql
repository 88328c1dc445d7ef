-- The first samples of each point, kept for plots (scatter over the true density) and for ranking
-- individual samples by realism and rarity against the reference set.
CREATE TABLE sample_preview (
    point_id   uuid PRIMARY KEY REFERENCES point (id) ON DELETE CASCADE,
    n          int         NOT NULL,
    samples    jsonb       NOT NULL,  -- [[x, y], ...], sample order
    realism    jsonb       NOT NULL,  -- per sample, null where undefined
    rarity     jsonb       NOT NULL,  -- per sample, null outside every reference ball
    created_at timestamptz NOT NULL DEFAULT now()
);
