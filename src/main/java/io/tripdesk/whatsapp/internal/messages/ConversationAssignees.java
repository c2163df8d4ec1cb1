package io.tripdesk.whatsapp.internal.messages;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadManagement;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the inbox's copy of each lead's assignee current, so "mine" and "unassigned" stay right. It
 * copies the lead's assignee as it is now, so reassignments handled out of order still end right.
 */
@Component
class ConversationAssignees {

	private final ConversationStore conversations;

	private final LeadManagement leads;

	ConversationAssignees(ConversationStore conversations, LeadManagement leads) {
		this.conversations = conversations;
		this.leads = leads;
	}

	@ApplicationModuleListener
	void on(LeadAssigned event) {
		leads.find(event.leadId(), CurrentUser.system())
			.ifPresent(lead -> conversations.setAssignee(lead.id(), lead.assignedTo()));
	}

}
