-- The up/down state last announced as an event, so that exactly one event is written per change
-- whichever node leads the cleanup (a test-and-set on this column).
ALTER TABLE services ADD COLUMN reported_state VARCHAR(8) DEFAULT 'up' NOT NULL;
