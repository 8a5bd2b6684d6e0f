-- A journey's send step may send each person the best item for them (issue 22): the item chosen for each person
-- on the list is kept with their send, so the list's export names it and the same journey never sends it twice.
ALTER TABLE journey_send ADD COLUMN item_id BIGINT REFERENCES content_item (id);
