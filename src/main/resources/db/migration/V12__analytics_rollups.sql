-- Analytics reads these small tables, not the raw ones. They are kept current by the other modules'
-- domain events and can be rebuilt from the raw tables at any time (AnalyticsRebuild).
-- Every figure is attributed to the lead's current source, assignee (0: none) and trip (0: none).

-- Each lead's current dimensions, so that a lead that changes can move its figures.
CREATE TABLE analytics_lead (
    lead_id        BIGINT PRIMARY KEY,
    created_day    DATE           NOT NULL,
    source         TEXT           NOT NULL,
    assigned_to    BIGINT         NOT NULL,
    trip_id        BIGINT         NOT NULL,
    stage          TEXT           NOT NULL,
    expected_value NUMERIC(14, 2) NOT NULL
);

-- Leads by the day they arrived (agency time zone) and the stage they are in now.
CREATE TABLE analytics_cohort (
    day         DATE           NOT NULL,
    source      TEXT           NOT NULL,
    assigned_to BIGINT         NOT NULL,
    trip_id     BIGINT         NOT NULL,
    stage       TEXT           NOT NULL,
    leads       BIGINT         NOT NULL,
    value       NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (day, source, assigned_to, trip_id, stage)
);

-- What happened on a day: messages_in, messages_out, won, lost, revenue, bookings.
CREATE TABLE analytics_activity (
    day         DATE           NOT NULL,
    source      TEXT           NOT NULL,
    assigned_to BIGINT         NOT NULL,
    trip_id     BIGINT         NOT NULL,
    metric      TEXT           NOT NULL,
    amount      NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (day, metric, source, assigned_to, trip_id)
);

-- The same activity per lead, so that it can follow the lead to other dimensions.
CREATE TABLE analytics_lead_activity (
    lead_id BIGINT         NOT NULL,
    day     DATE           NOT NULL,
    metric  TEXT           NOT NULL,
    amount  NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (lead_id, day, metric)
);

-- Domain events already counted: a redelivered event counts once.
CREATE TABLE analytics_applied_event (
    event_key  TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
