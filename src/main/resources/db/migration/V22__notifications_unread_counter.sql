-- Each user's unread notifications, kept by triggers so that every write path (and a cascade) counts.
-- Every new notification announces its recipient's count; counting the rows took 4 ms a message under
-- webhook load (the unread index full of entries for rows the message upserts had just replaced), half
-- of the database's time per message. Statement triggers with transition tables: one counter update
-- per user and statement, however many rows "mark all read" changes; rows locked in user order.
CREATE TABLE notification_unread (
    user_id BIGINT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    -- No CHECK (unread >= 0): the upserts below propose the change itself, negative for reads, as the row.
    unread  BIGINT NOT NULL
);

INSERT INTO notification_unread (user_id, unread)
SELECT user_id, count(*) FROM notification WHERE read_at IS NULL GROUP BY user_id;

CREATE FUNCTION notification_unread_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO notification_unread AS counter (user_id, unread)
    SELECT user_id, count(*) FROM new_rows WHERE read_at IS NULL GROUP BY user_id ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET unread = counter.unread + EXCLUDED.unread;
    RETURN NULL;
END $$;

CREATE FUNCTION notification_unread_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO notification_unread AS counter (user_id, unread)
    SELECT user_id, sum(delta) FROM (
        SELECT user_id, 1 AS delta FROM new_rows WHERE read_at IS NULL
        UNION ALL
        SELECT user_id, -1 FROM old_rows WHERE read_at IS NULL) AS changes
    GROUP BY user_id HAVING sum(delta) <> 0 ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET unread = counter.unread + EXCLUDED.unread;
    RETURN NULL;
END $$;

-- An update, not an upsert: a user's deletion cascades to their counter and their notifications alike.
CREATE FUNCTION notification_unread_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notification_unread AS counter SET unread = counter.unread - gone.unread
      FROM (SELECT user_id, count(*) AS unread FROM old_rows WHERE read_at IS NULL GROUP BY user_id) AS gone
     WHERE counter.user_id = gone.user_id;
    RETURN NULL;
END $$;

CREATE TRIGGER notification_unread_insert AFTER INSERT ON notification REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_after_insert();
CREATE TRIGGER notification_unread_update AFTER UPDATE ON notification
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_after_update();
CREATE TRIGGER notification_unread_delete AFTER DELETE ON notification REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notification_unread_after_delete();
