-- The history's metric columns (docs/api.md, GET /api/experiments?metric=…&weight=…): each
-- experiment's best final value of a metric over its completed points, and over those at one
-- guidance weight, kept as points complete instead of computed per listing, so that a page sorted
-- by either answers from an index at any size of history.

-- A sweep point's guidance weight w, the innermost combining method's (GuidanceParams.guidanceWeight);
-- NULL for unguided points and for other kinds of work.
ALTER TABLE point ADD COLUMN weight double precision;
WITH RECURSIVE guidance (id, params) AS (
    SELECT p.id, p.params FROM point p JOIN experiment e ON e.id = p.experiment_id
    WHERE e.kind = 'sweep'
    UNION ALL
    SELECT id, params -> 'inner' FROM guidance WHERE jsonb_typeof(params -> 'inner') = 'object')
UPDATE point p SET weight = (g.params ->> 'weight')::double precision
FROM guidance g
WHERE g.id = p.id AND g.params ? 'weight' AND NOT g.params ? 'inner';

-- Per experiment and metric, the lowest and the highest final value (each completed point's value
-- at its largest n, where not null) over its completed points (weight NULL) and over those of each
-- guidance weight: the best is the lowest where lower is better, else the highest. Written in the
-- transaction that completes a point (ledger.ExperimentMetrics).
CREATE TABLE experiment_metric (
    experiment_id uuid             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    metric        text             NOT NULL,
    weight        double precision,  -- NULL: over every completed point, whatever its weight
    lowest        double precision NOT NULL,
    highest       double precision NOT NULL,
    UNIQUE NULLS NOT DISTINCT (experiment_id, metric, weight)
);
-- A page sorted by a column walks one of these in its order (ledger.MetricSortedPage): the best
-- over every point, the lowest or the highest first, and the best at a weight.
CREATE INDEX experiment_metric_lowest_idx ON experiment_metric (metric, lowest) WHERE weight IS NULL;
CREATE INDEX experiment_metric_highest_idx ON experiment_metric (metric, highest DESC NULLS LAST)
    WHERE weight IS NULL;
CREATE INDEX experiment_metric_weight_lowest_idx ON experiment_metric (metric, weight, lowest)
    WHERE weight IS NOT NULL;
CREATE INDEX experiment_metric_weight_highest_idx
    ON experiment_metric (metric, weight, highest DESC NULLS LAST) WHERE weight IS NOT NULL;

INSERT INTO experiment_metric (experiment_id, metric, weight, lowest, highest)
SELECT p.experiment_id, f.metric, w.weight, min(f.value), max(f.value)
FROM point p
CROSS JOIN LATERAL (
    SELECT DISTINCT ON (m.metric) m.metric, m.value FROM metric_value m
    WHERE m.point_id = p.id ORDER BY m.metric, m.n_samples DESC) f
CROSS JOIN LATERAL (SELECT NULL::double precision UNION SELECT p.weight) w (weight)
WHERE p.state = 'COMPLETED' AND f.value IS NOT NULL
GROUP BY p.experiment_id, f.metric, w.weight;
