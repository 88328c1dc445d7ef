-- Priorities and fair share (ARCHITECTURE.md, "Which point a worker claims"). A work message only
-- rings the doorbell: the worker that takes it claims the best queued point of any experiment
-- (PointLedger.claimNext): the highest priority first, then the owner with the fewest points
-- running, then the owner whose last claim is oldest, then the oldest experiment, then sweep order.

-- The spec's `priority` (docs/spec.md): when an experiment's points are claimed, not what they
-- compute, so it is outside the spec hash. Experiments accepted before it existed have the default.
ALTER TABLE experiment ADD COLUMN priority smallint NOT NULL DEFAULT 0
    CHECK (priority BETWEEN -10 AND 10);

-- Each owner's last claim, so owners with equal running counts take turns (with one worker nobody
-- has a point running when it claims). Written by every claim; one row per owner.
CREATE TABLE owner_turn (
    owner         text PRIMARY KEY,
    last_claim_at timestamptz NOT NULL
);

-- The claim reads the queued points (here) and the running ones (point_running_heartbeat_idx),
-- never the finished majority; this one also gives an experiment's first queued point by ordinal.
CREATE INDEX point_queued_claim_idx ON point (experiment_id, ordinal) WHERE state = 'QUEUED';
