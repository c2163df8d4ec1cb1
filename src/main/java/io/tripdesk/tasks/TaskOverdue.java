package io.tripdesk.tasks;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A task passed its due time while still open; announced once per due time.
 *
 * @param leadAssignedTo the assignee of its lead, who (with admins and the task's assignee) may see the task;
 * {@code null} when the lead is unassigned or there is no lead
 */
public record TaskOverdue(long taskId, String title, @Nullable Long leadId, @Nullable Long assignedTo,
		@Nullable Long leadAssignedTo, Instant dueAt, Instant at) {
}
