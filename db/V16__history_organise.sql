-- A team's history (README, `#/history`): tags, a note, a star and archiving per experiment, set by
-- its owner or an admin (PATCH /api/experiments/{id}). A rename changes the display name only: the
-- spec and its hash stay what was submitted. Archived experiments are hidden from the history by
-- default and can be restored.
ALTER TABLE experiment ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE experiment ADD COLUMN note text;
ALTER TABLE experiment ADD COLUMN starred boolean NOT NULL DEFAULT false;
ALTER TABLE experiment ADD COLUMN archived_at timestamptz;
CREATE INDEX experiment_tags_idx ON experiment USING gin (tags);

-- Who changed an experiment's record, how and when: state_change records its work (transitions);
-- this records its organisation, one row per change with the new value. It has no foreign key on
-- purpose: the row of a deletion outlives the experiment (whose state_change rows go with it).
CREATE TABLE experiment_edit (
    id            bigserial PRIMARY KEY,
    experiment_id uuid        NOT NULL,
    action        text        NOT NULL CHECK (action IN
                      ('renamed', 'tagged', 'noted', 'starred', 'unstarred', 'archived', 'restored', 'deleted')),
    value         jsonb,      -- the new name, tags or note; for a deletion the experiment's name and owner
    actor         text        NOT NULL,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experiment_edit_experiment_idx ON experiment_edit (experiment_id, id);
