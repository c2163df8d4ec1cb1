-- Lead scoring models learned from the agency's own won and lost leads. The newest active model scores
-- the leads; an inactive one was too weak (or history too thin) and the transparent rules score instead.
CREATE TABLE analytics_score_model (
    id             BIGSERIAL PRIMARY KEY,
    algorithm      TEXT             NOT NULL,
    trained_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    training_leads INT              NOT NULL,
    won            INT              NOT NULL,
    lost           INT              NOT NULL,
    test_leads     INT              NOT NULL,
    auc            DOUBLE PRECISION NOT NULL,  -- on the held-out leads, never seen in training
    parameters     JSONB            NOT NULL,  -- features, their standardisation and the coefficients
    active         BOOLEAN          NOT NULL
);
CREATE INDEX analytics_score_model_latest_idx ON analytics_score_model (id DESC) WHERE active;

-- Indexes on lead for the scoring job and the insights (their queries live in the leads module).
-- Leads still without a score, scored within a minute of their creation.
CREATE INDEX lead_unscored_idx ON lead (id) WHERE score IS NULL;
-- Leads silent since a proposal: by stage, then since when the customer last wrote or the stage began.
CREATE INDEX lead_stage_silence_idx ON lead (stage, (greatest(last_inbound_at, stage_changed_at)));
