-- Each lead list ordering walks an index in its order (ties broken by id), so that the first page and
-- a page reached by a keyset cursor each cost one index descent, however many leads there are. The
-- keys are the same never-null expressions the list sorts by (LeadOrdering). updated_at and
-- last_inbound_at change with every message and are left unindexed, so those updates stay cheap.
CREATE INDEX lead_name_order_idx ON lead (name, id);
CREATE INDEX lead_expected_value_order_idx ON lead ((coalesce(expected_value, -1)), id);
CREATE INDEX lead_score_order_idx ON lead ((coalesce(score, -1)), id);
CREATE INDEX lead_stage_changed_order_idx ON lead (stage_changed_at, id);
