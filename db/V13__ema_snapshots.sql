-- Post-hoc EMA snapshots (docs/toy-networks.md, "Snapshot families"): the weights of the extra
-- power-function EMAs a toy training tracks, every few iterations, from which an EMA of any other
-- width is reconstructed on request (a model address such as toy-mlp:A-64-4096@ema=0.08).
-- A family is one training run: toy-mlp:<name> for a Guidelab training, toy-mlp:A-64 and
-- toy-mlp:A-32 for the shipped reference runs. Written with the training's other results.
CREATE TABLE ema_snapshot (
    family            text             NOT NULL,
    iteration         bigint           NOT NULL,  -- training iterations the snapshot has seen
    sigma_rel         double precision NOT NULL,  -- width of its power-function EMA profile
    sha256            text             NOT NULL REFERENCES model_file (sha256),
    training_point_id uuid REFERENCES point (id) ON DELETE SET NULL,
    builtin           boolean          NOT NULL DEFAULT false,
    created_at        timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (family, iteration, sigma_rel)
);
