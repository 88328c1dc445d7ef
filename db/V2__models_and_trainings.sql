-- Registered models and training runs.
-- A training is an experiment of kind 'train' with one point; its EMA snapshots become models.

ALTER TABLE experiment ADD COLUMN kind text NOT NULL DEFAULT 'sweep' CHECK (kind IN ('sweep', 'train'));
-- Model name → content hash, resolved when the experiment was submitted (the reproducibility record).
ALTER TABLE experiment ADD COLUMN models jsonb NOT NULL DEFAULT '{}';

-- Weight files by content: workers anywhere load a model from the ledger by its hash.
CREATE TABLE model_file (
    sha256     text PRIMARY KEY,
    bytes      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Names a spec can use as main or guide. Several names may point at one file (an alias).
CREATE TABLE model (
    name              text PRIMARY KEY,  -- e.g. toy-mlp:A-64-4096
    kind              text        NOT NULL,  -- toy-mlp
    sha256            text        NOT NULL REFERENCES model_file (sha256),
    params            jsonb       NOT NULL,  -- architecture, classes, iteration, EMA, training seed, validation loss
    training_point_id uuid REFERENCES point (id) ON DELETE SET NULL,
    builtin           boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_created_idx ON model (created_at DESC);

-- A point's human-readable name ("cfg w=2"), fixed when it is created.
ALTER TABLE point ADD COLUMN label text NOT NULL DEFAULT '';
