-- API tokens expire: each gets an expiry at creation (within a maximum the configuration sets).
-- Tokens from before this migration have none stored; the services treat them as expiring the
-- maximum number of days after their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
