package io.tripdesk.tasks;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A task passed its due time while still open; announced once per due time. */
public record TaskOverdue(long taskId, String title, @Nullable Long leadId, @Nullable Long assignedTo, Instant dueAt,
		Instant at) {
}
