-- A GIN index queues new entries in an unsorted pending list (4 MB by default) and merges them into the
-- index when the list is full or the table is vacuumed. Every search reads the whole list. After a burst
-- of new WhatsApp customers the lead search's trigram list (V29, replaced by V33) held 8,700 rows, and
-- the count of a common name took 62 ms instead of 9; the tags index held 54,000 entries from lead
-- updates. A list of 128 kB keeps that read under a millisecond. Inserting stays as cheap: a full list is
-- merged in sorted batches (2,000 new leads: 150-180 ms with either limit, against 520 ms with no list).
ALTER INDEX lead_tags_idx SET (gin_pending_list_limit = 128);
ALTER INDEX trip_destination_trgm_idx SET (gin_pending_list_limit = 128);

SELECT gin_clean_pending_list('lead_tags_idx'), gin_clean_pending_list('trip_destination_trgm_idx');
