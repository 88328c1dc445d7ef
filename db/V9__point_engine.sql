-- One point engine (ARCHITECTURE.md, "A point's life"): every unit of queued work is a point of an
-- experiment of some kind — a sweep, a toy training, a reference-statistics computation. The kind
-- is named by the class that computes it, so the column is not limited to a fixed list.
ALTER TABLE experiment DROP CONSTRAINT experiment_kind_check;

-- The spec as the api resolved it at submission, the form workers read: every model, feature
-- network and reference pinned by content hash. NULL for experiments accepted before it existed;
-- their queued points fail with the reason.
ALTER TABLE experiment ADD COLUMN resolved jsonb;

-- Uploads a queued computation reads (the images or features of a reference set), by SHA-256, in
-- chunks so that neither the api nor a worker holds a whole upload in memory. Removed by the
-- sweeper once no queued or running computation needs them.
CREATE TABLE upload (
    sha256     text PRIMARY KEY,
    size       bigint      NOT NULL CHECK (size >= 0),
    complete   boolean     NOT NULL DEFAULT false,  -- every chunk written
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE upload_chunk (
    sha256 text  NOT NULL REFERENCES upload (sha256) ON DELETE CASCADE,
    index  int   NOT NULL CHECK (index >= 0),
    bytes  bytea NOT NULL,
    PRIMARY KEY (sha256, index)
);

-- The reproducibility record, typed: {"models": {name: hash}, "reference": {name, hash},
-- "featureNetwork": {name, hash}} instead of one map with "reference:" and "features:" keys.
ALTER TABLE experiment RENAME COLUMN models TO pins;
UPDATE experiment SET pins = jsonb_build_object(
    'models', COALESCE((SELECT jsonb_object_agg(key, value) FROM jsonb_each(pins)
                        WHERE key NOT LIKE 'reference:%' AND key NOT LIKE 'features:%'), '{}'::jsonb),
    'reference', (SELECT jsonb_build_object('name', substr(key, 11), 'hash', value)
                  FROM jsonb_each(pins) WHERE key LIKE 'reference:%' LIMIT 1),
    'featureNetwork', (SELECT jsonb_build_object('name', substr(key, 10), 'hash', value)
                       FROM jsonb_each(pins) WHERE key LIKE 'features:%' LIMIT 1));
