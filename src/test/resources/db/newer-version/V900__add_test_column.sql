-- A migration only tests see: it plays the part of a newer Registro's schema change.
ALTER TABLE contact ADD COLUMN test_newer_version VARCHAR(10);
