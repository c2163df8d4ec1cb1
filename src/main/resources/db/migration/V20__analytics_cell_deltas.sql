-- Increments of the shared rollup cells, waiting to be added to them. Every message and lead of today
-- lands in the same few cells, and an updated row stays locked until its transaction ends: updated by the
-- listeners themselves, the cells made every analytics listener of a burst wait for the one before it.
-- The listeners append here instead (no row is shared), and one flusher adds the increments to the cells.
-- Same columns as the cells, no keys: the flusher groups them.
CREATE TABLE analytics_cohort_delta (LIKE analytics_cohort);
CREATE TABLE analytics_activity_delta (LIKE analytics_activity);
CREATE TABLE analytics_cohort_slice_delta (LIKE analytics_cohort_slice);
CREATE TABLE analytics_activity_slice_delta (LIKE analytics_activity_slice);
