-- The WhatsApp status's failing count and last error: through the primary key they walked back past
-- every processed notification of the week kept (125 ms a call at a million leads, polled while the
-- inbox drains), taking the cores the inbox worker needed. Only unfinished or dead rows with an error.
CREATE INDEX webhook_inbox_error_idx ON webhook_inbox (id)
    WHERE last_error IS NOT NULL AND status IN ('pending', 'processing', 'dead');
