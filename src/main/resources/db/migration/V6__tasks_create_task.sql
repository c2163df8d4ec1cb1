-- Follow-ups: due time, priority, assignee, optionally about a lead. A task outlives its lead
-- (lead_id is cleared) so that the work done stays on record.
CREATE TABLE task (
    id                  BIGSERIAL PRIMARY KEY,
    title               TEXT        NOT NULL,
    description         TEXT,
    due_at              TIMESTAMPTZ,
    priority            TEXT        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status              TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    assigned_to         BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    lead_id             BIGINT REFERENCES lead (id) ON DELETE SET NULL,
    created_by          BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
    completed_at        TIMESTAMPTZ,
    overdue_notified_at TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX task_assignee_due_idx ON task (assigned_to, due_at);
CREATE INDEX task_lead_idx ON task (lead_id, due_at);
CREATE INDEX task_status_due_idx ON task (status, due_at);
CREATE INDEX task_overdue_scan_idx ON task (due_at)
    WHERE status IN ('open', 'in_progress') AND overdue_notified_at IS NULL;
