-- The trip catalogue: departures an agency sells. seats_booked is kept by confirmed bookings, and the
-- CHECK makes overbooking impossible even under concurrent confirmations.
CREATE TABLE trip (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT          NOT NULL,
    title        TEXT          NOT NULL,
    destination  TEXT          NOT NULL,
    description  TEXT,
    start_date   DATE          NOT NULL,
    end_date     DATE          NOT NULL,
    price        NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    currency     CHAR(3)       NOT NULL,
    capacity     INT           NOT NULL CHECK (capacity >= 0),
    seats_booked INT           NOT NULL DEFAULT 0,
    status       TEXT          NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open', 'closed', 'cancelled')),
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT trip_dates_check CHECK (end_date >= start_date),
    CONSTRAINT trip_seats_check CHECK (seats_booked >= 0 AND seats_booked <= capacity)
);
CREATE UNIQUE INDEX trip_code_key ON trip (lower(code));
CREATE INDEX trip_start_date_idx ON trip (start_date);
CREATE INDEX trip_destination_trgm_idx ON trip USING gin (destination gin_trgm_ops);
