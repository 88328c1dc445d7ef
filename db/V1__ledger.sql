-- Guidelab ledger: experiments expand into points (the unit of work); every state change is history.
-- Kafka only rings the doorbell; these tables say what exists and what state it is in.

CREATE TABLE experiment (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    owner       text        NOT NULL,
    spec        jsonb       NOT NULL,  -- the full normalised spec
    spec_hash   text        NOT NULL,  -- SHA-256 of the spec's computational content
    state       text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX experiment_created_idx ON experiment (created_at DESC, id);
CREATE INDEX experiment_state_created_idx ON experiment (state, created_at DESC, id);
CREATE INDEX experiment_spec_hash_idx ON experiment (spec_hash);

CREATE TABLE point (
    id            uuid PRIMARY KEY,
    experiment_id uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    ordinal       int         NOT NULL,  -- position in the expanded sweep
    params        jsonb       NOT NULL,  -- method, guide, weight
    seed          bigint      NOT NULL,  -- sample k draws its noise from (seed, k)
    samples       int         NOT NULL,
    state         text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    attempt       int         NOT NULL DEFAULT 0,
    version       int         NOT NULL DEFAULT 0,  -- bumped by every transition; claims are conditional on it
    worker        text,
    samples_done  int         NOT NULL DEFAULT 0,
    nfe           bigint      NOT NULL DEFAULT 0,  -- denoiser evaluations spent, summed over samples
    queued_at     timestamptz NOT NULL DEFAULT now(),  -- last time a work message was published
    started_at    timestamptz,
    heartbeat_at  timestamptz,
    finished_at   timestamptz,
    error         text,
    UNIQUE (experiment_id, ordinal)
);
CREATE INDEX point_experiment_idx ON point (experiment_id, ordinal);
CREATE INDEX point_running_heartbeat_idx ON point (heartbeat_at) WHERE state = 'RUNNING';
CREATE INDEX point_queued_idx ON point (queued_at) WHERE state = 'QUEUED';

-- The time series behind live curves: each metric of a point at n samples (partial and final).
CREATE TABLE metric_value (
    point_id   uuid             NOT NULL REFERENCES point (id) ON DELETE CASCADE,
    metric     text             NOT NULL,
    n_samples  int              NOT NULL,
    value      double precision,   -- NULL when undefined at this n (e.g. FD of one sample)
    stderr     double precision,
    at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (point_id, metric, n_samples)
);

-- Append-only history of every experiment and point transition.
CREATE TABLE state_change (
    id            bigserial PRIMARY KEY,
    experiment_id uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    point_id      uuid REFERENCES point (id) ON DELETE CASCADE,  -- NULL for experiment transitions
    from_state    text,
    to_state      text        NOT NULL,
    attempt       int,
    worker        text,
    error         text,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX state_change_experiment_idx ON state_change (experiment_id, id);
