-- The last event a journey run had seen when it checked who waits for an event: the next run re-checks only
-- people who have an event of the awaited type since then (or dated after that run), and those whose wait ended.
ALTER TABLE journey ADD COLUMN wait_event_mark BIGINT NOT NULL DEFAULT 0;

-- A run reads back the enrolments it has just inserted (journey, ids above the last one): a range on this index,
-- where the journey index alone made each batch read every enrolment of the journey again.
CREATE INDEX journey_enrolment_journey ON journey_enrolment (journey_id, id);
