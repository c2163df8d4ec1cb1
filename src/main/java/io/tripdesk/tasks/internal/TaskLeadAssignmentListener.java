package io.tripdesk.tasks.internal;

import io.tripdesk.leads.LeadAssigned;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A task is seen by whoever may see its lead. The copy of the lead's assignee that task lists filter on changes
 * in the transaction that assigns the lead, so a list never shows a task its lead would hide.
 */
@Component
class TaskLeadAssignmentListener {

	private final TaskRepository tasks;

	TaskLeadAssignmentListener(TaskRepository tasks) {
		this.tasks = tasks;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(LeadAssigned event) {
		tasks.copyLeadAssignee(event.leadId(), event.assignedTo());
	}

}
