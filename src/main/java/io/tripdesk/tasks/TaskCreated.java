package io.tripdesk.tasks;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record TaskCreated(long taskId, String title, @Nullable Long leadId, @Nullable Long assignedTo,
		@Nullable Instant dueAt, @Nullable Long actorId, Instant at) {
}
