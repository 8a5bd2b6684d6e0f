-- PostgreSQL only (a team workspace): who is running work that changes many people at once (an import, a bulk
-- merge, an undo, a retention run). Such work takes a PostgreSQL advisory lock for its whole run (ExclusiveWork),
-- so two of them never interleave; this row says who holds it and what they are doing, for the others' message.
-- The lock goes when its session ends, even if Registro is killed; the row is then replaced by the next holder.
CREATE TABLE registro_busy (
    lock_key   BIGINT       NOT NULL PRIMARY KEY,
    db_user    VARCHAR(200) NOT NULL DEFAULT current_user,
    client     VARCHAR(100),
    what_key   VARCHAR(100) NOT NULL,
    what_args  VARCHAR(4000),
    started_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
