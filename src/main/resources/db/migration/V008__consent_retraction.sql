-- Trust (issue 17): undoing an import no longer deletes the consent events it appended to people who stay.
-- It appends a retraction naming the batch; the current state is derived without the retracted events, and
-- the state as it was believed on an earlier date still counts them (the retraction was not known then).
-- batch_id has no foreign key, like the other provenance columns (V003): batches are never deleted.
CREATE TABLE consent_retraction (
    batch_id     BIGINT        NOT NULL PRIMARY KEY,
    retracted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    retracted_by VARCHAR(200),
    reason       VARCHAR(1000)
);
