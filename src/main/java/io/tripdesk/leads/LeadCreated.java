package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A lead was created, by a person, an import or an inbound WhatsApp message. */
public record LeadCreated(long leadId, String name, String source, String stage, @Nullable Long assignedTo,
		@Nullable Long actorId, Instant at) {
}
