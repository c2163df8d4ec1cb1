-- Live events: what the dashboard's WebSocket sends, kept so that a reconnecting client can catch up
-- from the database. Delivered in (xid, id) order: once every transaction older than a row has ended,
-- no row can appear before it any more, so a cursor over (xid, id) never skips one.
CREATE TABLE live_event (
    id                BIGSERIAL PRIMARY KEY,
    xid               XID8        NOT NULL DEFAULT pg_current_xact_id(),
    dedupe_key        TEXT        NOT NULL UNIQUE,
    type              TEXT        NOT NULL,
    payload           JSONB       NOT NULL,
    lead_id           BIGINT,
    assigned_to       BIGINT,
    previous_assignee BIGINT,
    recipient_id      BIGINT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX live_event_cursor_idx ON live_event (xid, id);
CREATE INDEX live_event_created_idx ON live_event (created_at);

-- Notifications: per user, with a link to act on them.
CREATE TABLE notification (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    type       TEXT        NOT NULL,
    title      TEXT        NOT NULL,
    body       TEXT,
    link       TEXT,
    lead_id    BIGINT,
    task_id    BIGINT,
    dedupe_key TEXT,
    read_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notification_inbox_idx ON notification (user_id, (read_at IS NULL) DESC, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;
-- One notification per user and cause, however often an event is redelivered.
CREATE UNIQUE INDEX notification_dedupe_key ON notification (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Customers waiting for a person's first reply, for the response-time alert.
CREATE TABLE response_watch (
    lead_id       BIGINT PRIMARY KEY,
    assigned_to   BIGINT,
    waiting_since TIMESTAMPTZ NOT NULL,
    alerted_at    TIMESTAMPTZ
);
CREATE INDEX response_watch_due_idx ON response_watch (waiting_since) WHERE alerted_at IS NULL;
