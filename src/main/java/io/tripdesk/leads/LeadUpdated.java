package io.tripdesk.leads;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** Fields of a lead changed ({@code fields} in their JSON names); stage and assignee have events of their own. */
public record LeadUpdated(long leadId, Set<String> fields, @Nullable Long assignedTo, @Nullable Long actorId,
		Instant at) {
}
