package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A lead was deleted, with its timeline; other modules drop what they keep of it. */
public record LeadDeleted(long leadId, @Nullable Long assignedTo, @Nullable Long actorId, Instant at) {
}
