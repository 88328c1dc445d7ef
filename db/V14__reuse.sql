-- Results reused, not recomputed (docs/reuse.md): a sweep point's numbers are a pure function of its
-- content (models by hash, guidance, sampler, seed, metrics, reference, feature network, numerics
-- version) and its sample count. A new point whose content and samples equal a completed point's
-- is created COMPLETED with a copy of that point's results and a link to it.
ALTER TABLE point ADD COLUMN content_hash text;  -- SHA-256 of its content without the sample count; NULL for kinds that are not reused
ALTER TABLE point ADD COLUMN reused_from uuid REFERENCES point (id) ON DELETE SET NULL;
CREATE INDEX point_content_idx ON point (content_hash, samples) WHERE state = 'COMPLETED';
-- A point of more samples continues from a completed point of equal content that kept its final
-- streaming state (point.checkpoint, kept at completion where small enough), computing only the
-- samples after it.
ALTER TABLE point ADD COLUMN extended_from uuid REFERENCES point (id) ON DELETE SET NULL;
