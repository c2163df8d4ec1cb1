-- Leads nobody has taken whose every agent has been told, and not read it since: each of these agents has an
-- unread notification of the lead's messages, which the lead's next messages leave as it is. So the next
-- message on such a lead writes no notification; without this row it looked up every agent's (12 index
-- probes a message, the costliest part of an incoming message). agents: the agents told, sorted; when they
-- are no longer the active agents, everyone is looked up again. Reading a notification of the lead's
-- messages deletes the row first, so the next message tells that agent again.
CREATE TABLE notification_waiting_lead (
    lead_id BIGINT PRIMARY KEY,
    agents  BIGINT[] NOT NULL
);
