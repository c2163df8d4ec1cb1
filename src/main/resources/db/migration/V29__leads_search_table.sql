-- The lead list's search reads a narrow table of its own instead of the lead rows: a lead's name and
-- email, lower-cased, and its phone's digits, each under a trigram index, and its assignee (an agent's
-- search counts only the leads they may see). A search for a common name
-- ("garcia": 40,000 candidates at a million leads) rechecks every candidate the indexes return; in the
-- lead table that meant a visit to a wide row (600 bytes) on a page of its own, most of the search's
-- 35 ms, where this table's rows are a sixth of that size. Triggers keep it in step with every write
-- path, the generator's COPY included.
CREATE TABLE lead_search (
    lead_id        BIGINT PRIMARY KEY REFERENCES lead (id) ON DELETE CASCADE,
    name_and_email TEXT NOT NULL,
    phone_digits   TEXT,
    assigned_to    BIGINT
);

-- The separator cannot be typed into the search box, so a match never spans the name and the email.
CREATE FUNCTION lead_search_name_and_email(name TEXT, email TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(name) || E'\x1f' || coalesce(lower(email), '');

CREATE FUNCTION lead_search_phone_digits(phone_e164 TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(phone_e164, '\D', '', 'g');

INSERT INTO lead_search (lead_id, name_and_email, phone_digits, assigned_to)
SELECT id, lead_search_name_and_email(name, email), lead_search_phone_digits(phone_e164), assigned_to FROM lead;

CREATE INDEX lead_search_name_and_email_trgm_idx ON lead_search USING gin (name_and_email gin_trgm_ops);
CREATE INDEX lead_search_phone_trgm_idx ON lead_search USING gin (phone_digits gin_trgm_ops);

ANALYZE lead_search;

DROP INDEX lead_name_trgm_idx;
DROP INDEX lead_email_trgm_idx;
DROP INDEX lead_phone_trgm_idx;

CREATE FUNCTION lead_search_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_search (lead_id, name_and_email, phone_digits, assigned_to)
    SELECT id, lead_search_name_and_email(name, email), lead_search_phone_digits(phone_e164), assigned_to FROM new_rows;
    RETURN NULL;
END $$;

CREATE TRIGGER lead_search_after_insert AFTER INSERT ON lead REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_search_after_insert();

CREATE FUNCTION lead_search_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lead_search SET name_and_email = lead_search_name_and_email(NEW.name, NEW.email),
                           phone_digits = lead_search_phone_digits(NEW.phone_e164), assigned_to = NEW.assigned_to
     WHERE lead_id = NEW.id;
    RETURN NULL;
END $$;

-- Per row, and only when a column kept here changed: every message a customer sends updates their lead.
CREATE TRIGGER lead_search_after_update AFTER UPDATE OF name, email, phone_e164, assigned_to ON lead FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.phone_e164 IS DISTINCT FROM NEW.phone_e164 OR OLD.assigned_to IS DISTINCT FROM NEW.assigned_to)
    EXECUTE FUNCTION lead_search_after_update();
