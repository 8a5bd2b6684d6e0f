-- Duplicate detection keeps the weights it learned from the workspace (issue 19) as a setting: a few
-- kilobytes of JSON, more than the 4,000 characters a setting could hold.
ALTER TABLE workspace_setting ALTER COLUMN setting_value SET DATA TYPE VARCHAR(1000000);
