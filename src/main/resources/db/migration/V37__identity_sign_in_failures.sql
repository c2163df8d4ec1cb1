-- Failed sign-ins, counted per account (lower-cased email, known or not) and per client address, so that
-- every node throttles guessing alike. A row is forgotten an hour after its last failure.
CREATE TABLE sign_in_failure (
    scope           TEXT        NOT NULL CHECK (scope IN ('account', 'address')),
    subject         TEXT        NOT NULL,
    failures        INT         NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX sign_in_failure_last_failure_idx ON sign_in_failure (last_failure_at);
