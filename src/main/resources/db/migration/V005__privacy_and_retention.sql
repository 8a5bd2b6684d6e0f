-- Consent and privacy (issue 4): what was done for a privacy request, who ran a retention rule,
-- and the workspace's double opt-in policy (countries where an opt-in must be confirmed, channels, expiry).

ALTER TABLE privacy_request ADD COLUMN result VARCHAR(2000);
CREATE INDEX privacy_request_contact ON privacy_request (contact_id);
ALTER TABLE retention_run ADD COLUMN run_by VARCHAR(200);

INSERT INTO workspace_setting (setting_key, setting_value) VALUES
    ('double_opt_in_countries', 'DE,AT'),
    ('double_opt_in_channels', 'email'),
    ('double_opt_in_expiry_days', '30');
