-- Duplicate detection learns its weights from the workspace (issue 19).
-- The learned weights are kept as a setting: a few kilobytes of JSON, more than a setting could hold.
ALTER TABLE workspace_setting ALTER COLUMN setting_value SET DATA TYPE VARCHAR(1000000);
-- Scores are now match probabilities: the automatic merge starts at 99.5 unless someone chose another score.
UPDATE workspace_setting SET setting_value = '99.5'
 WHERE setting_key = 'dedupe_auto_merge_score' AND setting_value = '99';
