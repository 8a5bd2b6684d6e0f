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

-- Every foreign key gets an index on its columns, as H2 makes one for each: without them, what reads or changes
-- a person's rows by their contact (a profile, a merge, an erasure, an import's updates) scans whole tables on a
-- server. Keys already led by an index (a unique key, a covering index) are left as they are.
DO $$
DECLARE
    k record;
BEGIN
    FOR k IN
        SELECT c.conrelid::regclass AS table_name, t.relname AS plain_name,
               string_agg(format('%I', a.attname), ', ' ORDER BY u.ord) AS cols,
               string_agg(a.attname, '_' ORDER BY u.ord) AS col_names
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS u(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = u.attnum
        WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_index i
                          WHERE i.indrelid = c.conrelid
                            AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)
        GROUP BY c.oid, c.conrelid, t.relname
    LOOP
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (%s)',
                       left(k.plain_name || '_' || k.col_names, 55) || '_fk', k.table_name, k.cols);
    END LOOP;
END
$$;
