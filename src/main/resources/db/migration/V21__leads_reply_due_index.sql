-- The reply watch's claim: the waits not alerted yet, oldest first. Through the index on every wait it
-- walked past each wait already alerted (250,000 at a million leads: 0.7 s for 50, seconds for 500),
-- holding back the live feed, which waits for older transactions to end, all the while.
CREATE INDEX lead_reply_due_idx ON lead (awaiting_reply_since)
    WHERE awaiting_reply_since IS NOT NULL AND (reply_alerted_at IS NULL OR reply_alerted_at < awaiting_reply_since);
