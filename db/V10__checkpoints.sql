-- A point's last persisted streaming state, so a point interrupted by a crash, preemption or
-- shutdown resumes from its last batch instead of starting over (per-sample seeds make the result
-- bit-identical). Written with the progress report it belongs to; cleared when the point completes.
ALTER TABLE point ADD COLUMN checkpoint bytea;          -- the kind's state, as the kind wrote it
ALTER TABLE point ADD COLUMN checkpoint_done int;       -- units done when it was taken
ALTER TABLE point ADD COLUMN checkpoint_nfe bigint;     -- denoiser evaluations spent by then
