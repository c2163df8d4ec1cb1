package io.tripdesk.tasks;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record TaskCompleted(long taskId, String title, @Nullable Long leadId, @Nullable Long assignedTo,
		@Nullable Long actorId, Instant at) {
}
