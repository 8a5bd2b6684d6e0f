-- The secondary indexes a large first import sets aside while it writes and builds again at its end (issue 24).
-- A row here is an index missing from the workspace: the next open builds it again, whatever stopped the import.
CREATE TABLE deferred_index (
    index_name  VARCHAR(200)  PRIMARY KEY,
    table_name  VARCHAR(200)  NOT NULL,
    create_sql  VARCHAR(4000) NOT NULL,
    batch_id    BIGINT,
    deferred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
