-- A lead books a trip for some travellers at an amount. Confirmed bookings hold seats and are revenue;
-- they are kept for the accounts (a lead with bookings cannot be deleted).
CREATE TABLE booking (
    id           BIGSERIAL PRIMARY KEY,
    lead_id      BIGINT         NOT NULL REFERENCES lead (id) ON DELETE RESTRICT,
    trip_id      BIGINT         NOT NULL REFERENCES trip (id) ON DELETE RESTRICT,
    travelers    INT            NOT NULL CHECK (travelers BETWEEN 1 AND 1000),
    amount       NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    currency     CHAR(3)        NOT NULL,
    status       TEXT           NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    notes        TEXT,
    created_by   BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ    NOT NULL DEFAULT now(),
    confirmed_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX booking_lead_idx ON booking (lead_id, created_at DESC);
CREATE INDEX booking_trip_idx ON booking (trip_id, created_at DESC);
CREATE INDEX booking_status_created_idx ON booking (status, created_at DESC);
CREATE INDEX booking_confirmed_idx ON booking (confirmed_at) WHERE status = 'confirmed';
