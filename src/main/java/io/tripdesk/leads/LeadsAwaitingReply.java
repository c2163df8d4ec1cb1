package io.tripdesk.leads;

import java.util.List;

/** Customers the reply watch found waiting too long, together: one event for a batch of alerts. */
public record LeadsAwaitingReply(List<LeadAwaitingReply> waits) {
}
