-- A personal live event (a notification, an unread count) carries each recipient's own part of its
-- payload, keyed by user id, instead of naming one recipient: a customer's message on an unassigned lead
-- notifies every agent, and writing a row for each of them made the feed the costliest write of an
-- incoming message.
ALTER TABLE live_event ADD COLUMN personal JSONB;
UPDATE live_event SET personal = jsonb_build_object(recipient_id::text, payload), payload = '{}'
 WHERE recipient_id IS NOT NULL;
ALTER TABLE live_event DROP COLUMN recipient_id;
