-- Who may see a booking follows its lead: agents see the bookings of the leads assigned to them and of the
-- unassigned ones. Lists filter on this copy of the lead's assignee, which the trips module keeps in the
-- transaction that assigns the lead (LeadAssigned); a single booking is checked against the lead itself.
ALTER TABLE booking ADD COLUMN lead_assigned_to BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
UPDATE booking b SET lead_assigned_to = l.assigned_to FROM lead l WHERE l.id = b.lead_id AND l.assigned_to IS NOT NULL;
CREATE INDEX booking_lead_assigned_created_idx ON booking (lead_assigned_to, created_at DESC);
