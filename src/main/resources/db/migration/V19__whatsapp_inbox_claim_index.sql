-- The inbox is claimed oldest first (ORDER BY id) among the due rows. With only an index on
-- (next_attempt_at, id), PostgreSQL walked the primary key through the week of processed rows kept
-- for inspection, hundreds of milliseconds per claim after a busy day. Due rows in id order instead.
DROP INDEX webhook_inbox_due_idx;
CREATE INDEX webhook_inbox_claim_idx ON webhook_inbox (id) WHERE status IN ('pending', 'processing');
