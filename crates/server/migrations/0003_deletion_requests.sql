-- A deletion request is completed by anonymising the account; the terms history stays as
-- proof (under its own retention setting).
ALTER TABLE account_deletion_requests ADD COLUMN completed_at INTEGER;
ALTER TABLE account_deletion_requests ADD COLUMN completed_by INTEGER REFERENCES users(id);
