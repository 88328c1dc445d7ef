-- Top-1 class histograms for the image version of the "Top-N class diagnostic" (docs/metrics.md):
-- counts per class of a feature network's classifier-head arg-max.
--
-- reference_top1: of a reference Guidelab computed from images through a network with a head (its
-- content key covers the head: ReferenceStatistics.contentKey adds a "top1=<K>" line), written in
-- the same transaction as the statistics, so as immutable as they are. Imported μ/Σ and uploaded
-- feature vectors have no row here.
CREATE TABLE reference_top1 (
    content_key text PRIMARY KEY REFERENCES reference_stats (content_key) ON DELETE CASCADE,
    classes     int         NOT NULL CHECK (classes > 0),                -- K
    counts      bigint[]    NOT NULL CHECK (cardinality(counts) = classes),  -- images per top-1 class
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- point_top1: of a point's generated images so far (points asking for top1_tv), with the reference
-- histogram it was compared with, rewritten after every batch.
CREATE TABLE point_top1 (
    point_id   uuid PRIMARY KEY REFERENCES point (id) ON DELETE CASCADE,
    classes    int         NOT NULL CHECK (classes > 0),
    generated  bigint[]    NOT NULL CHECK (cardinality(generated) = classes),
    reference  bigint[]    NOT NULL CHECK (cardinality(reference) = classes),
    updated_at timestamptz NOT NULL DEFAULT now()
);
