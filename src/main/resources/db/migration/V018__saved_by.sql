-- Who saved a segment, a journey or a content item last: a team workspace tells whoever saves over someone's
-- newer version who that was (SavedMeanwhileException). Null for rows saved before this version.
ALTER TABLE segment ADD COLUMN updated_by VARCHAR(200);
ALTER TABLE journey ADD COLUMN updated_by VARCHAR(200);
ALTER TABLE content_item ADD COLUMN updated_by VARCHAR(200);
