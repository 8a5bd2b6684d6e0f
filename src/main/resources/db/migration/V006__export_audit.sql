-- Exports (issue 6): what an export needs to be shown in a profile and re-created exactly, kept compactly
-- enough that recording a list of a million people takes a moment, not minutes.
--
-- members_bin: who was written, in file order, each with the consent event they were written on
-- (deflated pairs of varints, see org.registro.common.MemberList); exclusions_bin: who was left out and the
-- reason; rows_gz: the written cells (gzip of one JSON array per line, the header first), so an earlier
-- list can be written again byte for byte. Erasing a person blanks their line in every run.
--
-- One row per member in export_member cost 12 s per million rows in H2 (two B-trees and the undo log), more
-- than the whole export may take; the tables were never written, so they go.

DROP TABLE export_member;
DROP TABLE export_exclusion;
ALTER TABLE export_run ADD COLUMN selector_label VARCHAR(500);
ALTER TABLE export_run ADD COLUMN members_bin BLOB;
ALTER TABLE export_run ADD COLUMN exclusions_bin BLOB;
ALTER TABLE export_run ADD COLUMN rows_gz BLOB;
ALTER TABLE export_run ADD COLUMN duration_ms BIGINT;
CREATE INDEX export_run_created ON export_run (created_at);
