-- The hourly retention job deletes processed notifications older than a week; this keeps it from
-- scanning the whole inbox.
CREATE INDEX webhook_inbox_processed_idx ON webhook_inbox (processed_at) WHERE status = 'processed';
