-- Recent leads are the busy ones: every customer message updates its lead, and that update is never HOT
-- (lead_stage_silence_idx indexes last_inbound_at), so it leaves a dead item in the page. With the defaults,
-- autovacuum waits for 20% of a million rows to change, and then skips the index pass when under 2% of the
-- pages hold dead items: exactly the pages of recent leads, which can then never be marked all-visible.
-- Every count and page over recent leads (created_after, the list's first pages) went to the heap for each
-- row: 30 ms for a capped count that takes 5 ms from the index alone. Vacuum this table after 2% of it
-- changed or was added, with its index pass every time.
ALTER TABLE lead SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
                      vacuum_index_cleanup = on);
