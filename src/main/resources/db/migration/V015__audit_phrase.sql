-- The audit log keeps each summary as a message key and its arguments beside the English text (issue 23), so
-- Home and a person's history read in the user's language. Entries written before keep their English text only.
ALTER TABLE audit_log ADD COLUMN summary_key VARCHAR(100);
ALTER TABLE audit_log ADD COLUMN summary_args VARCHAR;
