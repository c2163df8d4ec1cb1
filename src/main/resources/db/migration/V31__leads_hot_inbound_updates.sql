-- Every message a customer sends updates their lead's last inbound time. That update could never be HOT:
-- lead_stage_silence_idx indexed the time (through greatest(last_inbound_at, stage_changed_at)), so each
-- message wrote a new entry into all 19 indexes of the lead (68 µs a lead, the costliest write of an
-- incoming message after the notifications). At a million leads the silence insight's queries do not use
-- the index (128,000 leads match: a parallel scan is cheaper), so it only cost. Without it, a message
-- changes no indexed column once the customer's wait has started, and the update stays in the page when
-- the page has room: new lead pages are left a tenth empty for it.
DROP INDEX lead_stage_silence_idx;
ALTER TABLE lead SET (fillfactor = 90);
