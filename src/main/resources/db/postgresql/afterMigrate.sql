-- PostgreSQL only (a team workspace), after every migration: text compares and sorts by code point, as in H2.
-- The server's own collation (en_US, es_ES...) would sort "Ana" and "ana" by language rules, make the prefix
-- ranges of the quick search (value >= 'ana' AND value < 'ana' || U+FFFF) come out empty, and give segment counts
-- and exports that differ from the same workspace in a folder. Columns a migration adds are caught the next time.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname AS table_name,
               string_agg(format('ALTER COLUMN %I TYPE %s COLLATE "C"', a.attname,
                                 format_type(a.atttypid, a.atttypmod)), ', ') AS alters
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
        WHERE c.relnamespace = current_schema()::regnamespace
          AND a.attnum > 0 AND NOT a.attisdropped
          AND a.atttypid = 'varchar'::regtype
          AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'C' LIMIT 1)
          AND c.relname <> 'flyway_schema_history'
        GROUP BY c.relname
    LOOP
        -- one statement per table: the table and its indexes are written once
        EXECUTE format('ALTER TABLE %I %s', t.table_name, t.alters);
    END LOOP;
END
$$;
