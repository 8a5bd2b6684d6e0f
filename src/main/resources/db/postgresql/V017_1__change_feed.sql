-- PostgreSQL only (a team workspace): the change feed. H2 notes written rows through an in-process Java trigger
-- (ChangeTrigger); on a server, each statement that writes a watched table adds one row here naming the contacts
-- it touched, and every client reads the rows of finished transactions (Changes.ServerFeed) to keep its counts
-- and open screens in step with what others do. The triggers themselves are added by Changes.watch.
CREATE TABLE registro_change (
    id          BIGSERIAL PRIMARY KEY,
    tx          XID8         NOT NULL DEFAULT pg_current_xact_id(),
    table_name  VARCHAR(100) NOT NULL,
    contact_ids BIGINT[],
    client      VARCHAR(100) DEFAULT current_setting('registro.client', true),
    db_user     VARCHAR(200) NOT NULL DEFAULT current_user,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX registro_change_tx ON registro_change (tx);
CREATE INDEX registro_change_at ON registro_change (changed_at);

CREATE FUNCTION registro_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
BEGIN
    IF col = '' THEN
        INSERT INTO registro_change (table_name) VALUES (TG_TABLE_NAME);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('INSERT INTO registro_change (table_name, contact_ids) '
                       || 'SELECT %L, array_agg(DISTINCT %I) FROM new_rows WHERE %I IS NOT NULL HAVING count(*) > 0',
                       TG_TABLE_NAME, col, col);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('INSERT INTO registro_change (table_name, contact_ids) '
                       || 'SELECT %L, array_agg(DISTINCT %I) FROM old_rows WHERE %I IS NOT NULL HAVING count(*) > 0',
                       TG_TABLE_NAME, col, col);
    END IF;
    RETURN NULL;
END
$$;
