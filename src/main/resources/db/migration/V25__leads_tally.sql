-- Leads counted by the lead list's common filters: stage, source, assignee, on WhatsApp or not. A list
-- filtered by any of them (or by none) sums a few hundred rows here for an exact count, where counting the
-- lead rows stopped at 10,001 index entries and took 3 ms at a million leads, most of a page's SQL.
-- Every write path counts, through triggers (the generator's COPY and an assignee's ON DELETE SET NULL
-- too). The triggers append to lead_tally_change, not to lead_tally: every new WhatsApp lead falls into
-- the same row, which would stay locked until its inbox transaction ends and make the next one wait.
-- LeadTallyFolder adds the changes to lead_tally every second; a count reads both.
CREATE TABLE lead_tally (
    stage       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    assigned_to BIGINT,
    whatsapp    BOOLEAN NOT NULL,
    leads       BIGINT  NOT NULL,
    UNIQUE NULLS NOT DISTINCT (stage, source, assigned_to, whatsapp)
);

-- Same columns, no key: a change of +1 or -1 (or a statement's sum) for its row of lead_tally.
CREATE TABLE lead_tally_change (LIKE lead_tally);

INSERT INTO lead_tally (stage, source, assigned_to, whatsapp, leads)
SELECT stage, source, assigned_to, wa_id IS NOT NULL OR wa_user_id IS NOT NULL, count(*)
  FROM lead GROUP BY 1, 2, 3, 4;

CREATE FUNCTION lead_tally_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_tally_change (stage, source, assigned_to, whatsapp, leads)
    SELECT stage, source, assigned_to, wa_id IS NOT NULL OR wa_user_id IS NOT NULL, count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

CREATE FUNCTION lead_tally_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_tally_change (stage, source, assigned_to, whatsapp, leads)
    SELECT stage, source, assigned_to, wa_id IS NOT NULL OR wa_user_id IS NOT NULL, -count(*)
      FROM old_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

-- Per row, and only when a counted column changed: a lead's row is updated by every message it sends,
-- and that update must not pay for a trigger (a statement trigger could not be limited to these columns).
CREATE FUNCTION lead_tally_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_tally_change (stage, source, assigned_to, whatsapp, leads)
    VALUES (OLD.stage, OLD.source, OLD.assigned_to, OLD.wa_id IS NOT NULL OR OLD.wa_user_id IS NOT NULL, -1),
           (NEW.stage, NEW.source, NEW.assigned_to, NEW.wa_id IS NOT NULL OR NEW.wa_user_id IS NOT NULL, 1);
    RETURN NULL;
END $$;

CREATE TRIGGER lead_tally_insert AFTER INSERT ON lead REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_tally_after_insert();
CREATE TRIGGER lead_tally_delete AFTER DELETE ON lead REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_tally_after_delete();
CREATE TRIGGER lead_tally_update AFTER UPDATE OF stage, source, assigned_to, wa_id, wa_user_id ON lead
    FOR EACH ROW
    WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.source IS DISTINCT FROM NEW.source
          OR OLD.assigned_to IS DISTINCT FROM NEW.assigned_to
          OR (OLD.wa_id IS NOT NULL OR OLD.wa_user_id IS NOT NULL) <> (NEW.wa_id IS NOT NULL OR NEW.wa_user_id IS NOT NULL))
    EXECUTE FUNCTION lead_tally_after_update();
