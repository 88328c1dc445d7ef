-- The Guidelab version that accepted the experiment, for its reproducibility record. Experiments
-- stored before this column existed were accepted by 0.1.0-SNAPSHOT, the only version before it.
ALTER TABLE experiment ADD COLUMN guidelab_version text NOT NULL DEFAULT '0.1.0-SNAPSHOT';
ALTER TABLE experiment ALTER COLUMN guidelab_version DROP DEFAULT;
