-- Duplicates (issue 7): the pairs the last scan found, best first, for the review queue and automatic merges.
CREATE TABLE duplicate_pair (
    contact_a BIGINT        NOT NULL REFERENCES contact (id),
    contact_b BIGINT        NOT NULL REFERENCES contact (id),
    score     DECIMAL(7, 3) NOT NULL,
    weight    DECIMAL(7, 3) NOT NULL,
    found_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (contact_a, contact_b)
);
CREATE INDEX duplicate_pair_score ON duplicate_pair (score, contact_a, contact_b);
CREATE INDEX duplicate_pair_b ON duplicate_pair (contact_b);
CREATE INDEX merge_record_survivor ON merge_record (survivor_id);
CREATE INDEX merge_record_merged ON merge_record (merged_id);
CREATE INDEX contact_merged_into ON contact (merged_into_id);

INSERT INTO workspace_setting (setting_key, setting_value) VALUES
    ('dedupe_auto_merge_score', '99'),
    ('dedupe_review_score', '70');
