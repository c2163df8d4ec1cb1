-- A customer's messages make one notification per user and lead, not one per message: a new message
-- brings it back as unread with the latest preview and the number of messages since it was last read.
ALTER TABLE notification ADD COLUMN occurrences INT NOT NULL DEFAULT 1;
ALTER TABLE notification ADD COLUMN last_message_id BIGINT;
