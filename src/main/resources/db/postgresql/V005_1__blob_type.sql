-- PostgreSQL only (a team workspace): V006 declares its binary columns as BLOB, which PostgreSQL calls BYTEA.
CREATE DOMAIN blob AS BYTEA;
