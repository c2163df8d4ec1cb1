-- Secrets Tripdesk made for itself when none were configured (app secret, verify token, sandbox token).
CREATE TABLE whatsapp_setting (
    key        TEXT PRIMARY KEY,
    value      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every correctly signed notification, stored before it is answered 200 and processed afterwards.
CREATE TABLE webhook_inbox (
    id              BIGSERIAL PRIMARY KEY,
    body            BYTEA       NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'processed', 'dead')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until    TIMESTAMPTZ,
    last_error      TEXT,
    processed_at    TIMESTAMPTZ
);
CREATE INDEX webhook_inbox_due_idx ON webhook_inbox (next_attempt_at, id) WHERE status IN ('pending', 'processing');
CREATE INDEX webhook_inbox_dead_idx ON webhook_inbox (received_at) WHERE status = 'dead';

-- Messages both ways. Inbound rows are unique by wamid (Meta redelivers); outbound rows are queued first
-- (unique by idempotency key) and get their wamid when Meta accepts them. status_rank keeps statuses
-- from moving backwards when they arrive out of order.
CREATE TABLE whatsapp_message (
    id                BIGSERIAL PRIMARY KEY,
    wamid             TEXT UNIQUE,
    lead_id           BIGINT      NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    direction         TEXT        NOT NULL CHECK (direction IN ('in', 'out')),
    type              TEXT        NOT NULL,
    body              TEXT,
    content           JSONB       NOT NULL DEFAULT '{}',
    media_id          TEXT,
    media_mime_type   TEXT,
    context_wamid     TEXT,
    customer_reaction TEXT,
    status            TEXT        NOT NULL,
    status_rank       INT         NOT NULL DEFAULT 0,
    error_code        INT,
    error_title       TEXT,
    error_detail      TEXT,
    idempotency_key   TEXT UNIQUE,
    sent_by           BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    by_person         BOOLEAN     NOT NULL DEFAULT FALSE,
    attempts          INT         NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    locked_until      TIMESTAMPTZ,
    sent_at           TIMESTAMPTZ,
    delivered_at      TIMESTAMPTZ,
    read_at           TIMESTAMPTZ,
    failed_at         TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    stored_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX whatsapp_message_lead_idx ON whatsapp_message (lead_id, created_at DESC, id DESC);
CREATE INDEX whatsapp_message_send_queue_idx ON whatsapp_message (next_attempt_at, id)
    WHERE direction = 'out' AND status IN ('queued', 'sending');
CREATE INDEX whatsapp_message_failed_idx ON whatsapp_message (failed_at) WHERE status = 'failed';

-- The inbox: one row per lead with a conversation, kept current as messages come and go.
CREATE TABLE whatsapp_conversation (
    lead_id              BIGINT PRIMARY KEY REFERENCES lead (id) ON DELETE CASCADE,
    assigned_to          BIGINT,
    last_message_at      TIMESTAMPTZ NOT NULL,
    last_message_preview TEXT,
    last_direction       TEXT        NOT NULL,
    last_inbound_at      TIMESTAMPTZ,
    last_inbound_wamid   TEXT,
    unread_count         INT         NOT NULL DEFAULT 0
);
CREATE INDEX whatsapp_conversation_recent_idx ON whatsapp_conversation (last_message_at DESC, lead_id DESC);
CREATE INDEX whatsapp_conversation_assignee_idx ON whatsapp_conversation (assigned_to, last_message_at DESC);
CREATE INDEX whatsapp_conversation_unread_idx ON whatsapp_conversation (last_message_at DESC) WHERE unread_count > 0;

CREATE TABLE whatsapp_template (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT        NOT NULL,
    language         TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    category         TEXT,
    parameter_format TEXT,
    components       JSONB       NOT NULL DEFAULT '[]',
    synced_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (name, language)
);

-- Media fetched from the Graph API once, kept so the dashboard can show it again (Meta keeps ids 7 days).
CREATE TABLE whatsapp_media (
    media_id   TEXT PRIMARY KEY,
    mime_type  TEXT        NOT NULL,
    bytes      BYTEA       NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The sandbox's own memory of its simulated customers (Meta's side of the conversation).
CREATE TABLE whatsapp_sandbox_customer (
    wa_id           TEXT PRIMARY KEY,
    name            TEXT        NOT NULL,
    last_message_at TIMESTAMPTZ NOT NULL
);
