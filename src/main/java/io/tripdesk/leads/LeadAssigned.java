package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A lead's assignee changed ({@code null}: unassigned). */
public record LeadAssigned(long leadId, String leadName, @Nullable Long previousAssignee, @Nullable Long assignedTo,
		@Nullable Long actorId, Instant at) {
}
