-- A customer is awaiting a reply from the first message after the agency's last reply by a person
-- until the next such reply; the alert for that wait is raised once.
ALTER TABLE lead ADD COLUMN awaiting_reply_since TIMESTAMPTZ;
ALTER TABLE lead ADD COLUMN reply_alerted_at TIMESTAMPTZ;
CREATE INDEX lead_awaiting_reply_idx ON lead (awaiting_reply_since) WHERE awaiting_reply_since IS NOT NULL;
