package io.tripdesk.notifications.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tripdesk.identity.Role;
import io.tripdesk.identity.UserDirectory;
import io.tripdesk.identity.UserSummary;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadAwaitingReply;
import io.tripdesk.leads.LeadsAwaitingReply;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.tasks.TaskCreated;
import io.tripdesk.tasks.TaskOverdue;
import io.tripdesk.whatsapp.AccessTokenRejected;
import io.tripdesk.whatsapp.MessageReceived;
import io.tripdesk.whatsapp.MessagesReceived;
import org.springframework.stereotype.Component;

/**
 * Who is told what: a customer's message notifies the lead's assignee (all agents when unassigned); a
 * new lead notifies the admins; a lead assigned to someone notifies them; a customer
 * waiting too long for a reply alerts the lead's assignee, or everyone when nobody has the lead; a task
 * given to someone, or gone overdue, tells its assignee (overdue and unassigned: the admins); Meta refusing
 * WhatsApp's access token tells every admin, once per token. Nobody is notified of their own action. Each
 * rule keys its notification by its cause, so redelivered domain events notify once.
 */
@Component
class NotificationRules {

	private final NotificationService notifications;

	private final UserDirectory users;

	private final NotificationsProperties properties;

	NotificationRules(NotificationService notifications, UserDirectory users, NotificationsProperties properties) {
		this.notifications = notifications;
		this.users = users;
		this.properties = properties;
	}

	@LiveListener
	void on(LeadCreated event) {
		if (!properties.notifyAdminsOfNewLeads()) {
			return;
		}
		List<Long> admins = users.activeUsersWithRole(Role.ADMIN).stream().map(UserSummary::id)
			.filter(id -> !Objects.equals(id, event.actorId())).toList();
		notifications.notifyAll(admins, "lead_created", "New lead: " + event.name(),
				"Source: " + event.source().replace('_', ' '), leadLink(event.leadId()), event.leadId(), null,
				"lead_created:" + event.leadId());
	}

	@LiveListener
	void on(LeadAssigned event) {
		Long assignee = event.assignedTo();
		if (assignee != null && !assignee.equals(event.actorId())) {
			notifications.notify(assignee, "lead_assigned", "Lead assigned to you: " + event.leadName(), null,
					leadLink(event.leadId()), event.leadId(), null,
					"lead_assigned:" + event.leadId() + ":" + event.at().toEpochMilli());
		}
	}

	@LiveListener
	void on(LeadsAwaitingReply event) {
		List<Long> everyone = null;
		List<NotificationService.Notice> alerts = new ArrayList<>();
		for (LeadAwaitingReply wait : event.waits()) {
			if (wait.assignedTo() == null && everyone == null) {
				everyone = users.activeUsers().stream().map(UserSummary::id).toList();
			}
			alerts.add(new NotificationService.Notice(wait.assignedTo() != null ? List.of(wait.assignedTo()) : everyone,
					"response_time_alert", wait.leadName() + " is waiting for a reply", "Waiting since " + wait.waitingSince(),
					leadLink(wait.leadId()), wait.leadId(), null,
					"response_time_alert:" + wait.leadId() + ":" + wait.waitingSince().toEpochMilli()));
		}
		notifications.notifyEach(alerts);
	}

	/**
	 * Customers wrote: each lead's assignee hears of it, or, for an unassigned lead, every agent. Each keeps
	 * one notification per lead, so a chatty customer does not bury everything else: the assignee's counts
	 * the messages since they last read it and shows the newest; an agent's for a lead nobody has taken says
	 * it is waiting, and comes back once they have read it. Reactions notify nobody.
	 */
	@LiveListener
	void on(MessagesReceived event) {
		Map<Long, NotificationService.Messages> byLead = new LinkedHashMap<>();
		List<Long> agents = null;
		for (MessageReceived message : event.messages()) {
			if (message.messageType().equals("reaction")) {
				continue;
			}
			if (message.assignedTo() == null && agents == null) {
				agents = users.activeUsersWithRole(Role.AGENT).stream().map(UserSummary::id).toList();
			}
			boolean assigned = message.assignedTo() != null;
			byLead.merge(message.leadId(), new NotificationService.Messages(assigned ? List.of(message.assignedTo()) : agents,
					assigned, message.leadId(), message.leadName(), message.messageId(), message.preview(), 1,
					"/inbox/" + message.leadId()), NotificationService.Messages::then);
		}
		notifications.notifyOfMessages(List.copyOf(byLead.values()), agents == null ? List.of() : agents);
	}

	@LiveListener
	void on(TaskCreated event) {
		Long assignee = event.assignedTo();
		if (assignee != null && !assignee.equals(event.actorId())) {
			notifications.notify(assignee, "task_assigned", "New task for you: " + event.title(), null,
					taskLink(event.taskId()), event.leadId(), event.taskId(), "task_assigned:" + event.taskId());
		}
	}

	@LiveListener
	void on(TaskOverdue event) {
		List<Long> recipients = event.assignedTo() != null ? List.of(event.assignedTo())
				: users.activeUsersWithRole(Role.ADMIN).stream().map(UserSummary::id).toList();
		notifications.notifyAll(recipients, "task_overdue", "Task overdue: " + event.title(), "Was due " + event.dueAt(),
				taskLink(event.taskId()), event.leadId(), event.taskId(),
				"task_overdue:" + event.taskId() + ":" + event.dueAt().toEpochMilli());
	}

	@LiveListener
	void on(AccessTokenRejected event) {
		List<Long> admins = users.activeUsersWithRole(Role.ADMIN).stream().map(UserSummary::id).toList();
		notifications.notifyAll(admins, "whatsapp_token_rejected", "WhatsApp cannot send: Meta rejected the access token",
				event.explanation(), "/inbox", null, null, "whatsapp_token_rejected:" + event.tokenFingerprint());
	}

	static String taskLink(long taskId) {
		return "/tasks?task=" + taskId;
	}

	static String leadLink(long leadId) {
		return "/leads/" + leadId;
	}

}
