-- Pipeline stages are data, so an agency can rename or add them; won/lost mark the closing stages.
CREATE TABLE pipeline_stage (
    key      TEXT    PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label    TEXT    NOT NULL,
    position INT     NOT NULL,
    is_won   BOOLEAN NOT NULL DEFAULT FALSE,
    is_lost  BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT pipeline_stage_outcome_check CHECK (NOT (is_won AND is_lost))
);
INSERT INTO pipeline_stage (key, label, position, is_won, is_lost) VALUES
    ('new', 'New', 10, FALSE, FALSE),
    ('contacted', 'Contacted', 20, FALSE, FALSE),
    ('qualified', 'Qualified', 30, FALSE, FALSE),
    ('proposal_sent', 'Proposal sent', 40, FALSE, FALSE),
    ('negotiation', 'Negotiation', 50, FALSE, FALSE),
    ('won', 'Won', 60, TRUE, FALSE),
    ('lost', 'Lost', 70, FALSE, TRUE);

-- One customer is one lead: phone (canonical E.164), WhatsApp id and business-scoped user id are each unique.
CREATE TABLE lead (
    id                BIGSERIAL PRIMARY KEY,
    name              TEXT        NOT NULL,
    phone_e164        TEXT,
    wa_id             TEXT,
    wa_user_id        TEXT,
    wa_username       TEXT,
    email             TEXT,
    source            TEXT        NOT NULL,
    stage             TEXT        NOT NULL REFERENCES pipeline_stage (key),
    assigned_to       BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    trip_id           BIGINT REFERENCES trip (id) ON DELETE SET NULL,
    destination       TEXT,
    travel_start      DATE,
    travel_end        DATE,
    travelers         INT CHECK (travelers BETWEEN 1 AND 1000),
    budget            NUMERIC(12, 2) CHECK (budget >= 0),
    expected_value    NUMERIC(12, 2) CHECK (expected_value >= 0),
    tags              TEXT[]      NOT NULL DEFAULT '{}',
    notes             TEXT,
    lost_reason       TEXT,
    score             INT CHECK (score BETWEEN 0 AND 100),
    referral          JSONB,
    ad_id             TEXT,
    last_inbound_at   TIMESTAMPTZ,
    last_outbound_at  TIMESTAMPTZ,
    first_response_at TIMESTAMPTZ,
    stage_changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    version           BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT lead_travel_dates_check CHECK (travel_end IS NULL OR travel_start IS NULL OR travel_end >= travel_start)
);
CREATE UNIQUE INDEX lead_phone_key ON lead (phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE UNIQUE INDEX lead_wa_id_key ON lead (wa_id) WHERE wa_id IS NOT NULL;
CREATE UNIQUE INDEX lead_wa_user_id_key ON lead (wa_user_id) WHERE wa_user_id IS NOT NULL;
-- Every list filter is an equality followed by the default order (newest first).
CREATE INDEX lead_created_idx ON lead (created_at DESC, id DESC);
CREATE INDEX lead_stage_created_idx ON lead (stage, created_at DESC, id DESC);
CREATE INDEX lead_source_created_idx ON lead (source, created_at DESC, id DESC);
CREATE INDEX lead_assigned_created_idx ON lead (assigned_to, created_at DESC, id DESC);
CREATE INDEX lead_ad_idx ON lead (ad_id) WHERE ad_id IS NOT NULL;
CREATE INDEX lead_tags_idx ON lead USING gin (tags);
-- Search: substring match on name, email and phone.
CREATE INDEX lead_name_trgm_idx ON lead USING gin (name gin_trgm_ops);
CREATE INDEX lead_email_trgm_idx ON lead USING gin (email gin_trgm_ops);
CREATE INDEX lead_phone_trgm_idx ON lead USING gin (phone_e164 gin_trgm_ops);

-- The timeline: everything that happened to a lead, WhatsApp messages included.
CREATE TABLE lead_event (
    id         BIGSERIAL PRIMARY KEY,
    lead_id    BIGINT      NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    type       TEXT        NOT NULL,
    payload    JSONB       NOT NULL DEFAULT '{}',
    actor_id   BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lead_event_lead_idx ON lead_event (lead_id, created_at DESC, id DESC);
