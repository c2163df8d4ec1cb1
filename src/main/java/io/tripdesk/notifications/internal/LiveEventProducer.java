package io.tripdesk.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tripdesk.analytics.MetricsUpdated;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.leads.LeadDeleted;
import io.tripdesk.leads.LeadStageChanged;
import io.tripdesk.leads.LeadUpdated;
import io.tripdesk.leads.LeadsAwaitingReply;
import io.tripdesk.tasks.TaskCompleted;
import io.tripdesk.tasks.TaskCreated;
import io.tripdesk.tasks.TaskOverdue;
import io.tripdesk.trips.BookingCancelled;
import io.tripdesk.trips.BookingConfirmed;
import io.tripdesk.whatsapp.MessagesReceived;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the other modules' domain events into live feed messages, written in the transaction that
 * publishes the event: the feed is the outbox, its message there exactly when the change committed.
 * As an asynchronous listener each event cost a publication in the registry and three transactions of
 * its own (marked in progress, the message, marked completed), three of the ten commits of a customer's
 * message, and a hop to another thread before the sockets heard of it. An event published twice alike
 * yields the same message key, so it is not sent twice.
 */
@Component
@Transactional
class LiveEventProducer {

	private final LiveEventStore store;

	private final JsonMapper json;

	LiveEventProducer(LiveEventStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	@EventListener
	void on(LeadCreated event) {
		appendAboutLead("lead_created", event, event.leadId(), event.assignedTo(), null);
	}

	@EventListener
	void on(LeadUpdated event) {
		appendAboutLead("lead_updated", event, event.leadId(), event.assignedTo(), null);
	}

	@EventListener
	void on(LeadStageChanged event) {
		appendAboutLead("lead_stage_changed", event, event.leadId(), event.assignedTo(), null);
	}

	@EventListener
	void on(LeadAssigned event) {
		appendAboutLead("lead_assigned", event, event.leadId(), event.assignedTo(), event.previousAssignee());
	}

	@EventListener
	void on(LeadDeleted event) {
		appendAboutLead("lead_deleted", event, event.leadId(), event.assignedTo(), null);
	}

	@EventListener
	void on(LeadsAwaitingReply event) {
		store.appendAll(event.waits().stream()
			.map(wait -> aboutLead("response_time_alert", wait, wait.leadId(), wait.assignedTo(), null)).toList());
	}

	@EventListener
	void on(TaskCreated event) {
		appendAboutTask("task_created", event, event.leadId(), event.leadAssignedTo(), event.assignedTo());
	}

	@EventListener
	void on(TaskCompleted event) {
		appendAboutTask("task_completed", event, event.leadId(), event.leadAssignedTo(), event.assignedTo());
	}

	@EventListener
	void on(TaskOverdue event) {
		appendAboutTask("task_overdue", event, event.leadId(), event.leadAssignedTo(), event.assignedTo());
	}

	@EventListener
	void on(BookingConfirmed event) {
		appendAboutLead("booking_confirmed", event, event.leadId(), event.assignedTo(), null);
	}

	@EventListener
	void on(BookingCancelled event) {
		appendAboutLead("booking_cancelled", event, event.leadId(), event.assignedTo(), null);
	}

	/** Each message its own socket message, all written with one statement. */
	@EventListener
	void on(MessagesReceived event) {
		store.appendAll(event.messages().stream().map(message -> aboutLead("message_received", message,
				message.leadId(), message.assignedTo(), null)).toList());
	}

	@EventListener
	void on(MessageStatusesChanged event) {
		store.appendAll(event.changes().stream().map(change -> aboutLead("message_status_changed", change,
				change.leadId(), change.assignedTo(), null)).toList());
	}

	/** Key figures are agency-wide: every signed-in dashboard gets them. */
	@EventListener
	void on(MetricsUpdated event) {
		appendForEveryone("metrics_updated", event);
	}

	/**
	 * A task on a lead goes where the lead's news goes, and to the task's assignee as well (their work, wherever
	 * the lead went); a task about no lead goes to its assignee, or everyone while it has none.
	 */
	private void appendAboutTask(String type, Record event, @Nullable Long leadId, @Nullable Long leadAssignedTo,
			@Nullable Long taskAssignee) {
		if (leadId == null) {
			appendAboutLead(type, event, null, taskAssignee, null);
		}
		else {
			appendAboutLead(type, event, leadId, leadAssignedTo, taskAssignee);
		}
	}

	void appendAboutLead(String type, Record event, @Nullable Long leadId, @Nullable Long assignedTo,
			@Nullable Long previousAssignee) {
		store.append(aboutLead(type, event, leadId, assignedTo, previousAssignee));
	}

	private LiveEventStore.Draft aboutLead(String type, Record event, @Nullable Long leadId, @Nullable Long assignedTo,
			@Nullable Long previousAssignee) {
		return new LiveEventStore.Draft(dedupeKey(type, event), type, payload(event), leadId, assignedTo,
				previousAssignee, null);
	}

	void appendForEveryone(String type, Record event) {
		store.append(new LiveEventStore.Draft(dedupeKey(type, event), type, payload(event), null, null, null, null));
	}

	private ObjectNode payload(Record event) {
		ObjectNode payload = json.valueToTree(event);
		payload.remove("at");
		return payload;
	}

	/** Records print every component, so equal events (a redelivery) print alike. */
	static String dedupeKey(String type, Object cause) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((type + "|" + cause).getBytes(StandardCharsets.UTF_8));
			return type + ":" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
