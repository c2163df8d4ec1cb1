-- A notification that fails alone is split into one notification a message, so that one message that cannot
-- be stored holds up none of the others; each part names the notification it came from.
ALTER TABLE webhook_inbox ADD COLUMN split_from BIGINT;

-- What a send asked for, hashed, kept with its idempotency key: the key sent again with another request is
-- refused rather than answered with the first message. Sends queued before have none and match any request.
ALTER TABLE whatsapp_message ADD COLUMN idempotency_fingerprint TEXT;
