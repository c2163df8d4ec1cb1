package io.tripdesk.leads.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A timeline entry. {@code type} is a {@link io.tripdesk.leads.LeadEventType} key. */
record LeadEventView(long id, long leadId, String type, JsonNode payload, @Nullable Long actorId, Instant createdAt) {
}
