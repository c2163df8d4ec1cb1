package io.tripdesk.tasks;

import java.time.Instant;
import java.util.List;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;

/** What other modules (automations, the assistant) may ask of tasks. */
public interface TaskManagement {

	/** Creates an open task, optionally about a lead the actor may work on; returns its id. */
	long create(String title, @Nullable String description, @Nullable Instant dueAt, String priority,
			@Nullable Long assignedTo, @Nullable Long leadId, CurrentUser actor);

	/** Open tasks past their due time, of one assignee or (null) of everyone. */
	long countOverdue(@Nullable Long assignedTo);

	/** Open and in-progress tasks about a lead, soonest due first. */
	List<TaskSummary> openTasksOfLead(long leadId);

	record TaskSummary(long id, String title, @Nullable Instant dueAt, String priority, String status,
			@Nullable Long assignedTo) {
	}

}
