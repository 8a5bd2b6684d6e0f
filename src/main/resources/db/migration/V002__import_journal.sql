-- Import (issue 3): a batch being undone is marked so an interrupted undo resumes at the next open,
-- footer and conflict counts, and the indexes that find a batch's rows when it is undone.
ALTER TABLE import_batch DROP CONSTRAINT import_batch_status_check;
ALTER TABLE import_batch ADD CONSTRAINT import_batch_status_check
    CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'undoing', 'undone'));
ALTER TABLE import_batch ADD COLUMN rows_conflicted INT NOT NULL DEFAULT 0;
ALTER TABLE import_batch ADD COLUMN rows_skipped INT NOT NULL DEFAULT 0;
ALTER TABLE import_batch ADD COLUMN delimiter VARCHAR(4);
ALTER TABLE import_batch ADD COLUMN header_row INT;

CREATE INDEX contact_created_batch ON contact (created_batch_id);
CREATE INDEX contact_tag_batch ON contact_tag (batch_id);
CREATE INDEX contact_value_batch ON contact_value (batch_id);
CREATE INDEX value_provenance_batch ON value_provenance (batch_id);
CREATE INDEX identity_conflict_batch ON identity_conflict (batch_id);
