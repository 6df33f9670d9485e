-- Manila's recycle bin (2.69): a soft-deleted share is purged by the cleanup leader after this time.
ALTER TABLE shares ADD COLUMN scheduled_to_be_deleted_at BIGINT;
