-- The secondary indexes a large first import sets aside while it writes and builds again at its end (issue 24).
-- A row here is an index missing from the workspace: the next open builds it again, whatever stopped the import.
-- set_aside_by: the import batch that set it aside (not a batch column: nothing here is undone with the batch).
CREATE TABLE deferred_index (
    index_name  VARCHAR(200)  PRIMARY KEY,
    table_name  VARCHAR(200)  NOT NULL,
    create_sql  VARCHAR(4000) NOT NULL,
    set_aside_by BIGINT,
    deferred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
