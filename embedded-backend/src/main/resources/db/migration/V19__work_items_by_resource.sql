-- Pending work is looked up by resource (shares waiting on their share server, the cleanup leader's
-- stuck-resource sweep); the claim index does not serve those reads.
CREATE INDEX work_items_resource ON work_items (resource_id, state);
