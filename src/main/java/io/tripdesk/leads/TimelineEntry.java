package io.tripdesk.leads;

import java.util.Map;

/** An entry for a lead's timeline: what happened, with the details to show. */
public record TimelineEntry(long leadId, LeadEventType type, Map<String, ?> payload) {
}
