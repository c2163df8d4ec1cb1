-- Open tasks by assignee and due day (UTC), kept by triggers so that every write path (and the SET NULL
-- of a deleted assignee) counts. The dashboard and each live announcement show the overdue count: open
-- tasks due before now. Counting them walked every overdue task's index entry, 24–42 ms at 58,000; now
-- the days before today come from here, and only today's tasks from the task index.
-- No foreign key to app_user: a deleted user's tasks move to nobody through the update trigger, which
-- must still find the user's counters to take them out of.
CREATE TABLE task_open_by_day (
    assigned_to BIGINT,
    due_day     DATE   NOT NULL,
    -- No CHECK (open >= 0): the upserts below propose the change itself, negative for closed tasks, as the row.
    open        BIGINT NOT NULL,
    UNIQUE NULLS NOT DISTINCT (assigned_to, due_day)
);

INSERT INTO task_open_by_day (assigned_to, due_day, open)
SELECT assigned_to, (due_at AT TIME ZONE 'UTC')::date, count(*)
  FROM task WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL
 GROUP BY 1, 2;

CREATE FUNCTION task_open_by_day_apply(changes_assigned_to BIGINT[], changes_due_day DATE[], changes_delta BIGINT[])
    RETURNS void LANGUAGE sql AS $$
    INSERT INTO task_open_by_day AS counter (assigned_to, due_day, open)
    SELECT assigned_to, due_day, sum(delta)
      FROM unnest(changes_assigned_to, changes_due_day, changes_delta) AS change (assigned_to, due_day, delta)
     GROUP BY assigned_to, due_day HAVING sum(delta) <> 0
     ORDER BY assigned_to NULLS FIRST, due_day
    ON CONFLICT (assigned_to, due_day) DO UPDATE SET open = counter.open + EXCLUDED.open
$$;

CREATE FUNCTION task_open_by_day_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM task_open_by_day_apply(array_agg(assigned_to), array_agg((due_at AT TIME ZONE 'UTC')::date), array_agg(1::bigint))
       FROM new_rows WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL;
    RETURN NULL;
END $$;

CREATE FUNCTION task_open_by_day_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM task_open_by_day_apply(array_agg(assigned_to), array_agg(due_day), array_agg(delta))
       FROM (SELECT assigned_to, (due_at AT TIME ZONE 'UTC')::date AS due_day, 1::bigint AS delta
               FROM new_rows WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL
             UNION ALL
             SELECT assigned_to, (due_at AT TIME ZONE 'UTC')::date, -1
               FROM old_rows WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL) AS changes;
    RETURN NULL;
END $$;

CREATE FUNCTION task_open_by_day_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM task_open_by_day_apply(array_agg(assigned_to), array_agg((due_at AT TIME ZONE 'UTC')::date), array_agg(-1::bigint))
       FROM old_rows WHERE status IN ('open', 'in_progress') AND due_at IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER task_open_by_day_insert AFTER INSERT ON task REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_open_by_day_after_insert();
CREATE TRIGGER task_open_by_day_update AFTER UPDATE ON task REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_open_by_day_after_update();
CREATE TRIGGER task_open_by_day_delete AFTER DELETE ON task REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_open_by_day_after_delete();
