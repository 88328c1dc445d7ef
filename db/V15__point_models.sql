-- EMA sweeps (docs/spec.md, "EMA sweeps"): a sweep point may sample with its own main model, the
-- experiment's main at another post-hoc EMA width, pinned in the experiment's resolved form beside
-- the guides.
ALTER TABLE point ADD COLUMN main text;  -- the point's main model id; NULL: the experiment's
-- The post-hoc EMA widths (σ_rel) and the guide's iteration the point's models are addressed at,
-- as the api read them from its model ids, for the charts that draw a metric against them:
-- {"main": 0.05, "guide": 0.1, "guideIteration": 512}, members null where not addressed; NULL when
-- no model of the point is a post-hoc EMA address.
ALTER TABLE point ADD COLUMN ema jsonb;
