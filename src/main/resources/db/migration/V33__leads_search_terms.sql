-- The lead list's search finds leads by the beginnings of the words in their name and email, and by the
-- beginning or the end of their phone number, through a B-tree of those terms. The trigram indexes it
-- replaces (V29) found any substring, but a common name ("garcia", 24,000 leads at a million) was counted
-- by intersecting the posting lists of four frequent trigrams and rechecking the rows: 9 ms before the
-- page was read, and a GIN index cannot stop early. A B-tree range is read in order and stops where the
-- counting stops, and each term's entries are in the order of the list's default sort (creation), so a
-- search's count and first page come from the index alone.

-- The words of a text as the search sees them: its runs of letters, lower-cased, and its runs of digits,
-- at most 40 characters of each ("Rossi85" is "rossi" and "85", so an email's "rossi85" and a name's
-- "Rossi" are one term). The search box's text is split the same way.
CREATE FUNCTION lead_search_words(text TEXT) RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT left(word, 40)
      FROM unnest(regexp_split_to_array(lower(text), '[^[:alpha:]]+') || regexp_split_to_array(text, '[^[:digit:]]+')) AS word
     WHERE word <> ''
$$;

-- A lead's terms: the words of its name and email; its phone's digits without one to three leading digits
-- too (a country code), so that a number is found with or without one; and its digits reversed behind a
-- "~" (never part of a word), so that a number is found by how it ends.
CREATE FUNCTION lead_search_terms(name TEXT, email TEXT, phone_e164 TEXT) RETURNS SETOF TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lead_search_words(name || ' ' || coalesce(email, ''))
     UNION
    SELECT term FROM (SELECT regexp_replace(coalesce(phone_e164, ''), '\D', '', 'g') AS digits) AS phone,
           unnest(ARRAY[digits, substr(digits, 2), substr(digits, 3), substr(digits, 4), '~' || reverse(digits)]) AS term
     WHERE length(term) > 1
$$;

-- Byte order ("C"), so that the terms beginning with a word are one range of the index. Without a primary
-- key: the unique index is then one the demo generator's bulk load drops and builds again.
CREATE TABLE lead_search_term (
    term       TEXT COLLATE "C" NOT NULL,
    lead_id    BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

INSERT INTO lead_search_term (term, lead_id, created_at)
SELECT term, id, created_at FROM lead, lead_search_terms(name, email, phone_e164) AS term;

CREATE UNIQUE INDEX lead_search_term_idx ON lead_search_term (term, created_at, lead_id);

ANALYZE lead_search_term;

CREATE FUNCTION lead_search_term_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_search_term (term, lead_id, created_at)
    SELECT term, id, created_at FROM new_rows, lead_search_terms(name, email, phone_e164) AS term;
    RETURN NULL;
END $$;

CREATE TRIGGER lead_search_term_after_insert AFTER INSERT ON lead REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_search_term_after_insert();

CREATE FUNCTION lead_search_term_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lead_search_term
     WHERE term IN (SELECT lead_search_terms(OLD.name, OLD.email, OLD.phone_e164)) AND created_at = OLD.created_at
       AND lead_id = OLD.id;
    INSERT INTO lead_search_term (term, lead_id, created_at)
    SELECT lead_search_terms(NEW.name, NEW.email, NEW.phone_e164), NEW.id, NEW.created_at;
    RETURN NULL;
END $$;

-- Per row, and only when a column searched changed: every message a customer sends updates their lead.
CREATE TRIGGER lead_search_term_after_update AFTER UPDATE OF name, email, phone_e164, created_at ON lead FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
          OR OLD.phone_e164 IS DISTINCT FROM NEW.phone_e164 OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION lead_search_term_after_update();

CREATE FUNCTION lead_search_term_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lead_search_term AS entry
     USING (SELECT term, created_at, id FROM old_rows, lead_search_terms(name, email, phone_e164) AS term) AS gone
     WHERE entry.term = gone.term AND entry.created_at = gone.created_at AND entry.lead_id = gone.id;
    RETURN NULL;
END $$;

CREATE TRIGGER lead_search_term_after_delete AFTER DELETE ON lead REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION lead_search_term_after_delete();

DROP TRIGGER lead_search_after_insert ON lead;
DROP TRIGGER lead_search_after_update ON lead;
DROP FUNCTION lead_search_after_insert();
DROP FUNCTION lead_search_after_update();
DROP TABLE lead_search;
DROP FUNCTION lead_search_name_and_email(TEXT, TEXT);
DROP FUNCTION lead_search_phone_digits(TEXT);
