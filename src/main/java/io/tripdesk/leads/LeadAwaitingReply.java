package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A customer has been waiting longer than the agency's response-time target for a person's reply; published as
 * part of {@link LeadsAwaitingReply}.
 */
public record LeadAwaitingReply(long leadId, String leadName, @Nullable Long assignedTo, Instant waitingSince,
		Instant at) {
}
