-- PostgreSQL only (a team workspace), after every migration: text compares and sorts by code point, as in H2.
-- The server's own collation (en_US, es_ES...) would sort "Ana" and "ana" by language rules, make the prefix
-- ranges of the quick search (value >= 'ana' AND value < 'ana' || U+FFFF) come out empty, and give segment counts
-- and exports that differ from the same workspace in a folder. Columns a migration adds are caught the next time.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT table_name, column_name, character_maximum_length AS len
        FROM information_schema.columns
        WHERE table_schema = current_schema
          AND data_type = 'character varying'
          AND (collation_name IS NULL OR collation_name <> 'C')
          AND table_name <> 'flyway_schema_history'
          AND table_name IN (SELECT table_name FROM information_schema.tables
                             WHERE table_schema = current_schema AND table_type = 'BASE TABLE')
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE varchar%s COLLATE "C"', c.table_name, c.column_name,
                       CASE WHEN c.len IS NULL THEN '' ELSE '(' || c.len || ')' END);
    END LOOP;
END
$$;
