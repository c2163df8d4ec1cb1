-- Charts and WhatsApp engagement from the rollups. Existing rows get their new columns' true values at
-- the next rebuild; the rollups are emptied here so that the start-up rebuild runs (AnalyticsRebuild).

-- Each lead's click-to-WhatsApp ad (first touch; '' for none), whether its stage is a won one, the furthest
-- open or won stage it has been in (for the funnel), and its confirmed bookings so far (for attribution).
ALTER TABLE analytics_lead
    ADD COLUMN won           BOOLEAN        NOT NULL DEFAULT FALSE,
    ADD COLUMN ad_id         TEXT           NOT NULL DEFAULT '',
    ADD COLUMN ad_headline   TEXT,
    ADD COLUMN ad_source_url TEXT,
    ADD COLUMN reached_stage TEXT           NOT NULL DEFAULT '',
    ADD COLUMN revenue       NUMERIC(16, 2) NOT NULL DEFAULT 0,
    ADD COLUMN bookings      BIGINT         NOT NULL DEFAULT 0;
-- An ad's headline and link: those of its newest lead.
CREATE INDEX analytics_lead_ad_idx ON analytics_lead (ad_id, lead_id DESC) WHERE ad_id <> '';

-- The cohort by ad and furthest stage too, with what its leads have booked so far.
ALTER TABLE analytics_cohort
    ADD COLUMN ad_id         TEXT           NOT NULL DEFAULT '',
    ADD COLUMN reached_stage TEXT           NOT NULL DEFAULT '',
    ADD COLUMN revenue       NUMERIC(16, 2) NOT NULL DEFAULT 0,
    ADD COLUMN bookings      BIGINT         NOT NULL DEFAULT 0;
ALTER TABLE analytics_cohort DROP CONSTRAINT analytics_cohort_pkey;
ALTER TABLE analytics_cohort ADD PRIMARY KEY (day, source, assigned_to, trip_id, stage, reached_stage, ad_id);
-- Filters by assignee or trip read only their rows.
CREATE INDEX analytics_cohort_assignee_idx ON analytics_cohort (assigned_to, day);
CREATE INDEX analytics_cohort_trip_idx ON analytics_cohort (trip_id, day);
CREATE INDEX analytics_activity_assignee_idx ON analytics_activity (assigned_to, day);
CREATE INDEX analytics_activity_trip_idx ON analytics_activity (trip_id, day);

-- Every WhatsApp message's time, direction and outcome (reactions left out), per lead: what response
-- times, reply shares and read rates are computed from, whatever order the events arrive in.
-- at is null until the event of the message's creation arrives (a status may come first).
CREATE TABLE analytics_message (
    lead_id    BIGINT      NOT NULL,
    message_id BIGINT      NOT NULL,
    at         TIMESTAMPTZ,
    direction  TEXT        NOT NULL,
    by_person  BOOLEAN     NOT NULL,
    delivered  BOOLEAN     NOT NULL,
    read       BOOLEAN     NOT NULL,
    PRIMARY KEY (lead_id, message_id)
);

-- Conversations: opened by the customer's first message, or by a message after 24 hours without any
-- message either way; answered by the agency's first reply from a person. response_seconds counts
-- business time only when business hours are configured.
CREATE TABLE analytics_response_cycle (
    lead_id          BIGINT      NOT NULL,
    opened_at        TIMESTAMPTZ NOT NULL,
    replied_at       TIMESTAMPTZ,
    response_seconds BIGINT,
    PRIMARY KEY (lead_id, opened_at)
);

-- The dashboard reads these slices: the cohort and the activity summed over all but one dimension (dim
-- 'all': over all of them; stage is kept only there), each also for one source, one assignee, or both
-- (filter 'source:<key>', 'assigned_to:<id>', 'source:<key> assigned_to:<id>'; '' for everything): a few
-- thousand rows for a quarter whatever the number of leads. A trip filter reads the cells above by index.
CREATE TABLE analytics_cohort_slice (
    filter   TEXT           NOT NULL,
    dim      TEXT           NOT NULL,
    day      DATE           NOT NULL,
    key      TEXT           NOT NULL,
    stage    TEXT           NOT NULL,
    leads    BIGINT         NOT NULL,
    won      BIGINT         NOT NULL,
    value    NUMERIC(16, 2) NOT NULL,
    revenue  NUMERIC(16, 2) NOT NULL,
    bookings BIGINT         NOT NULL,
    PRIMARY KEY (filter, dim, day, key, stage)
) WITH (fillfactor = 80);
CREATE TABLE analytics_activity_slice (
    filter TEXT           NOT NULL,
    dim    TEXT           NOT NULL,
    day    DATE           NOT NULL,
    key    TEXT           NOT NULL,
    metric TEXT           NOT NULL,
    amount NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (filter, dim, day, key, metric)
) WITH (fillfactor = 80);

TRUNCATE analytics_lead, analytics_cohort, analytics_activity, analytics_lead_activity;
