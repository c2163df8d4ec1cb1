package io.tripdesk.tasks.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

record TaskView(long id, String title, @Nullable String description, @Nullable Instant dueAt, String priority,
		String status, @Nullable Long assignedTo, @Nullable Long leadId, @Nullable Long createdBy,
		@Nullable Instant completedAt, boolean isOverdue, Instant createdAt, Instant updatedAt) {
}
