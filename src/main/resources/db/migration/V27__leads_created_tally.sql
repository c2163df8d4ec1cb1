-- Leads counted by the UTC day they were created, for a list filtered by creation date only: the days
-- wholly inside the range are summed here and only the partial days at its edges are counted from the
-- rows. The capped count of such a list read up to 10,001 index entries, and recent leads, which a date
-- filter asks for, are the ones whose pages change all the time, so each entry also went to the heap:
-- 20–30 ms. Kept like lead_tally (V25): triggers append changes, LeadTallyFolder adds them up.
CREATE TABLE lead_created_tally (
    day   DATE   PRIMARY KEY,
    leads BIGINT NOT NULL
);

CREATE TABLE lead_created_tally_change (LIKE lead_created_tally);

INSERT INTO lead_created_tally (day, leads)
SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM lead GROUP BY 1;

CREATE FUNCTION lead_created_tally_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_created_tally_change (day, leads)
    SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM new_rows GROUP BY 1;
    RETURN NULL;
END $$;

CREATE FUNCTION lead_created_tally_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_created_tally_change (day, leads)
    SELECT (created_at AT TIME ZONE 'UTC')::date, -count(*) FROM old_rows GROUP BY 1;
    RETURN NULL;
END $$;

-- No path changes a lead's creation time; should one, it is counted too.
CREATE FUNCTION lead_created_tally_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_created_tally_change (day, leads)
    VALUES ((OLD.created_at AT TIME ZONE 'UTC')::date, -1), ((NEW.created_at AT TIME ZONE 'UTC')::date, 1);
    RETURN NULL;
END $$;

CREATE TRIGGER lead_created_tally_insert AFTER INSERT ON lead REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_created_tally_after_insert();
CREATE TRIGGER lead_created_tally_delete AFTER DELETE ON lead REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_created_tally_after_delete();
CREATE TRIGGER lead_created_tally_update AFTER UPDATE OF created_at ON lead
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION lead_created_tally_after_update();
