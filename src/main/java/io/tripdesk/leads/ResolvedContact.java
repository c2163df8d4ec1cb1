package io.tripdesk.leads;

/** The lead of a WhatsApp contact, and whether it was created just now. */
public record ResolvedContact(LeadSummary lead, boolean created) {
}
