-- Who may see a task follows its lead: agents see the tasks on the leads assigned to them and on the unassigned
-- ones, and the tasks assigned to them wherever their lead has gone. Lists filter on this copy of the lead's
-- assignee, which the tasks module keeps in the transaction that assigns the lead (LeadAssigned); a single task
-- is checked against the lead itself. A deleted lead leaves its copy behind, unread: the task is about no lead.
ALTER TABLE task ADD COLUMN lead_assigned_to BIGINT REFERENCES app_user (id) ON DELETE SET NULL;
UPDATE task t SET lead_assigned_to = l.assigned_to FROM lead l WHERE l.id = t.lead_id AND l.assigned_to IS NOT NULL;
CREATE INDEX task_lead_assigned_due_idx ON task (lead_assigned_to, due_at);
