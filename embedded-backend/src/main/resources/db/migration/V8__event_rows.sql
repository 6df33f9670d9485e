-- The compact row of the resource (or job) as the transition left it, as JSON: what a console needs
-- to show the change without asking for the resource again.
ALTER TABLE events ADD COLUMN row_json VARCHAR(4000);
