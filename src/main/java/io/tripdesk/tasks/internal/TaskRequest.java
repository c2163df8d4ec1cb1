package io.tripdesk.tasks.internal;

import java.time.Instant;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The writable fields of a task, for create ({@code title} required) and partial update. */
record TaskRequest(
		@Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 300) String title,
		@Nullable @Size(max = 10000) String description,
		@Nullable Instant dueAt,
		@Nullable @Pattern(regexp = "low|normal|high|urgent", message = "must be low, normal, high or urgent") String priority,
		@Nullable @Pattern(regexp = "open|in_progress|done|cancelled", message = "must be open, in_progress, done or cancelled") String status,
		@Nullable Long assignedTo,
		@Nullable Long leadId) {
}
