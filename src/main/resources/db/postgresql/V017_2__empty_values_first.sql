-- PostgreSQL only (a team workspace): H2 sorts empty values first; PostgreSQL puts them last unless told. The
-- contacts list asks for H2's order on both (ContactBrowser), so the indexes it reads by keep empty values first:
-- read forwards for A to Z, backwards for Z to A.
DROP INDEX contact_email;
CREATE INDEX contact_email ON contact (email NULLS FIRST, id);
DROP INDEX contact_city;
CREATE INDEX contact_city ON contact (city NULLS FIRST, id);
