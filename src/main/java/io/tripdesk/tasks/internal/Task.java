package io.tripdesk.tasks.internal;

import java.time.Instant;

import io.tripdesk.tasks.TaskManagement.TaskSummary;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code task}.
 *
 * @param leadAssignedTo the assignee of its lead, copied: whom (with admins and its assignee) lists show the task
 * to; {@code null} when the lead is unassigned or there is no lead
 */
record Task(long id, String title, @Nullable String description, @Nullable Instant dueAt, String priority,
		String status, @Nullable Long assignedTo, @Nullable Long leadId, @Nullable Long leadAssignedTo,
		@Nullable Long createdBy,
		@Nullable Instant completedAt, Instant createdAt, Instant updatedAt) {

	boolean isOpen() {
		return status.equals("open") || status.equals("in_progress");
	}

	TaskView toView(Instant now) {
		return new TaskView(id, title, description, dueAt, priority, status, assignedTo, leadId, createdBy, completedAt,
				isOpen() && dueAt != null && dueAt.isBefore(now), createdAt, updatedAt);
	}

	TaskSummary toSummary() {
		return new TaskSummary(id, title, dueAt, priority, status, assignedTo);
	}

}
