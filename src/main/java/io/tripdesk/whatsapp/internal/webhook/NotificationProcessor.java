package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.leads.LeadWithReferral;
import io.tripdesk.leads.ResolvedContact;
import io.tripdesk.leads.TimelineEntry;
import io.tripdesk.whatsapp.MessageReceived;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import io.tripdesk.whatsapp.MessagesReceived;
import io.tripdesk.whatsapp.internal.messages.ConversationStore;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.sending.AcceptedSends;
import io.tripdesk.whatsapp.internal.templates.TemplateStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns stored notifications into conversations, many at once: the customers' messages of all of them with
 * a few statements for the whole batch (their leads found or created together, the messages, the leads'
 * and inbox's updates and the timeline entries each written in one go), their statuses with one more, then
 * the template reviews one by one. All in the caller's transaction, so a failure leaves every notification
 * to be redone, and what was stored already is recognised by its wamid then.
 */
@Component
class NotificationProcessor {

	private static final Logger log = LoggerFactory.getLogger(NotificationProcessor.class);

	/** A status for a message we do not know yet may beat our own record of the send; wait this long for it. */
	private static final Duration UNKNOWN_STATUS_PATIENCE = Duration.ofMinutes(10);

	private final MessageStore messages;

	private final ConversationStore conversations;

	private final LeadManagement leads;

	private final ApplicationEventPublisher publisher;

	private final TemplateStore templates;

	private final AcceptedSends accepted;

	NotificationProcessor(MessageStore messages, ConversationStore conversations, LeadManagement leads,
			ApplicationEventPublisher publisher, TemplateStore templates, AcceptedSends accepted) {
		this.messages = messages;
		this.accepted = accepted;
		this.conversations = conversations;
		this.leads = leads;
		this.publisher = publisher;
		this.templates = templates;
	}

	/**
	 * Thrown when a notification can never be processed (not JSON, or not Meta's envelope): retrying cannot
	 * help, so it is kept as dead with this error at once.
	 */
	static final class Unprocessable extends RuntimeException {

		Unprocessable(String message) {
			super(message);
		}

	}

	/**
	 * Processes the notifications; returns those to try again later, by inbox id, with the reason (a status
	 * for a message not stored yet). Everything else they said is applied already, and applying it again
	 * changes nothing.
	 */
	@Transactional
	Map<Long, String> process(List<WebhookNotification> notifications) {
		receive(notifications.stream().flatMap(notification -> notification.messages().stream()).toList());
		Map<Long, String> later = applyStatuses(notifications);
		for (WebhookNotification notification : notifications) {
			notification.templateReviews().forEach(this::applyTemplateReview);
			notification.errors().forEach(error -> log.warn("WhatsApp reported an error code={} title={}",
					error.code(), error.title()));
		}
		return later;
	}

	private void receive(List<WebhookNotification.Inbound> received) {
		List<WebhookNotification.Inbound> fresh = unseen(received);
		if (fresh.isEmpty()) {
			return;
		}
		List<ResolvedContact> contacts = leads.resolveWhatsAppContacts(
				fresh.stream().map(WebhookNotification.Inbound::contact).toList());
		List<MessageStore.Inbound> rows = new ArrayList<>(fresh.size());
		for (int i = 0; i < fresh.size(); i++) {
			WebhookNotification.Inbound message = fresh.get(i);
			InboundContent content = message.content();
			rows.add(new MessageStore.Inbound(message.wamid(), contacts.get(i).lead().id(), content.type(), content.body(),
					content.content(), content.mediaId(), content.mediaMimeType(), message.contextWamid(), message.at()));
		}
		Map<String, Long> stored = messages.insertInbound(rows);
		Map<Long, Instant> lastInbound = new HashMap<>();
		Map<Long, ConversationStore.Inbound> inbox = new LinkedHashMap<>();
		List<TimelineEntry> timeline = new ArrayList<>();
		List<MessageReceived> events = new ArrayList<>();
		for (int i = 0; i < fresh.size(); i++) {
			WebhookNotification.Inbound message = fresh.get(i);
			Long messageId = stored.get(message.wamid());
			if (messageId == null) {
				// Stored by another node since we looked.
				continue;
			}
			InboundContent content = message.content();
			ResolvedContact contact = contacts.get(i);
			LeadSummary lead = contact.lead();
			if (content.isReaction() && content.reactionTarget() != null) {
				messages.setCustomerReaction(content.reactionTarget(), content.reactionEmoji());
			}
			else {
				lastInbound.merge(lead.id(), message.at(), (a, b) -> a.isAfter(b) ? a : b);
			}
			inbox.merge(lead.id(), conversationOf(lead, message), NotificationProcessor::later);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("message_id", messageId);
			event.put("wamid", message.wamid());
			event.put("type", content.type());
			event.put("preview", content.preview());
			timeline.add(new TimelineEntry(lead.id(), LeadEventType.MESSAGE_IN, event));
			events.add(new MessageReceived(messageId, lead.id(), lead.name(), message.wamid(), content.type(),
					content.preview(), contact.created(), lead.assignedTo(), message.at()));
			log.debug("WhatsApp message received leadId={} messageId={} type={} newLead={}", lead.id(), messageId,
					content.type(), contact.created());
		}
		if (events.isEmpty()) {
			return;
		}
		leads.recordInbound(lastInbound);
		conversations.recordInbound(List.copyOf(inbox.values()));
		leads.addEvents(timeline, CurrentUser.system());
		publisher.publishEvent(new MessagesReceived(events));
		log.info("WhatsApp messages received count={} leads={} newLeads={}", events.size(), inbox.size(),
				events.stream().filter(MessageReceived::leadCreated).count());
	}

	/** The messages not stored yet, each once (Meta redelivers, sometimes within one batch). */
	private List<WebhookNotification.Inbound> unseen(List<WebhookNotification.Inbound> received) {
		Set<String> seen = received.isEmpty() ? Set.of()
				: messages.storedWamids(received.stream().map(WebhookNotification.Inbound::wamid).toList());
		Set<String> taken = new HashSet<>(seen);
		List<WebhookNotification.Inbound> fresh = new ArrayList<>();
		for (WebhookNotification.Inbound message : received) {
			if (taken.add(message.wamid())) {
				fresh.add(message);
			}
		}
		if (fresh.size() < received.size()) {
			log.debug("WhatsApp messages already stored skipped count={}", received.size() - fresh.size());
		}
		return fresh;
	}

	private static ConversationStore.Inbound conversationOf(LeadSummary lead, WebhookNotification.Inbound message) {
		boolean opensWindow = !message.content().isReaction();
		return new ConversationStore.Inbound(lead.id(), lead.assignedTo(), 1, message.at(), message.content().preview(),
				opensWindow ? message.at() : null, opensWindow ? message.wamid() : null);
	}

	/**
	 * Two messages of one lead's customer as one: counted together, the newer (or, at the same time, the later
	 * one) previewed, and the newer window-opening message kept.
	 */
	private static ConversationStore.Inbound later(ConversationStore.Inbound before, ConversationStore.Inbound next) {
		boolean nextIsLast = !next.lastAt().isBefore(before.lastAt());
		boolean nextOpensLast = next.lastOpeningAt() != null
				&& (before.lastOpeningAt() == null || !next.lastOpeningAt().isBefore(before.lastOpeningAt()));
		return new ConversationStore.Inbound(next.leadId(), next.assignedTo(), before.messages() + next.messages(),
				nextIsLast ? next.lastAt() : before.lastAt(), nextIsLast ? next.lastPreview() : before.lastPreview(),
				nextOpensLast ? next.lastOpeningAt() : before.lastOpeningAt(),
				nextOpensLast ? next.lastOpeningWamid() : before.lastOpeningWamid());
	}

	/**
	 * Applies the notifications' statuses, all with one statement, and tells of the messages they moved;
	 * returns the notifications to try again later, with why: those with a status for a message not stored
	 * yet (it may beat our own record of the send), unless it is too old to still come.
	 */
	private Map<Long, String> applyStatuses(List<WebhookNotification> notifications) {
		List<MessageStore.ReportedStatus> reports = notifications.stream()
			.flatMap(notification -> notification.statuses().stream()).toList();
		Map<Long, String> later = new LinkedHashMap<>();
		if (reports.isEmpty()) {
			return later;
		}
		recordSendsMetaHas(reports);
		MessageStore.AppliedStatuses applied = messages.applyStatuses(reports);
		for (WebhookNotification notification : notifications) {
			for (MessageStore.ReportedStatus status : notification.statuses()) {
				if (applied.known().contains(status.wamid())) {
					continue;
				}
				if (Duration.between(status.at(), Instant.now()).compareTo(UNKNOWN_STATUS_PATIENCE) < 0) {
					later.putIfAbsent(notification.inboxId(),
							"Status " + status.status().key() + " for a message not stored yet: " + status.wamid());
				}
				else {
					log.info("WhatsApp status for an unknown message ignored status={}", status.status().key());
				}
			}
		}
		if (!applied.moved().isEmpty()) {
			Map<Long, LeadWithReferral> byId = leads.findAll(
					applied.moved().stream().map(MessageStore.AppliedStatus::leadId).collect(Collectors.toSet()));
			publisher.publishEvent(new MessageStatusesChanged(applied.moved().stream().map(change -> {
				MessageStore.ReportedStatus status = change.status();
				LeadWithReferral lead = byId.get(change.leadId());
				return new MessageStatusChanged(change.messageId(), change.leadId(), status.wamid(), status.status().key(),
						status.errorCode(), status.errorTitle(), lead == null ? null : lead.lead().assignedTo(),
						change.byPerson(), status.at());
			}).toList()));
		}
		return later;
	}

	/**
	 * A status that names one of our messages by its callback data while no wamid is recorded for it (its node
	 * died between Meta's answer and recording it, or the status beat the record) records that Meta has it,
	 * under the status's wamid, so that it is never sent again; the status then applies as any other. Only an
	 * outbound message without a wamid is taken, and only when the status went to the lead's customer, as far
	 * as both are known; a status that fits no such message is left as before.
	 */
	private void recordSendsMetaHas(List<MessageStore.ReportedStatus> reports) {
		Map<Long, MessageStore.ReportedStatus> byMessage = new TreeMap<>();
		for (MessageStore.ReportedStatus report : reports) {
			if (report.echo() != null) {
				byMessage.merge(report.echo().messageId(), report, (first, next) -> next.at().isBefore(first.at()) ? next
						: first);
			}
		}
		if (byMessage.isEmpty()) {
			return;
		}
		List<MessageStore.UnrecordedSend> unrecorded = messages.unrecordedSends(byMessage.keySet());
		if (unrecorded.isEmpty()) {
			return;
		}
		Map<Long, LeadWithReferral> byId = leads.findAll(
				unrecorded.stream().map(MessageStore.UnrecordedSend::leadId).collect(Collectors.toSet()));
		for (MessageStore.UnrecordedSend send : unrecorded) {
			MessageStore.ReportedStatus status = byMessage.get(send.id());
			LeadWithReferral lead = byId.get(send.leadId());
			if (lead == null || !sentTo(status.echo(), lead.lead())) {
				log.warn("WhatsApp status names one of our messages sent to someone else, ignored messageId={}", send.id());
				continue;
			}
			if (accepted.record(send.id(), send.leadId(), send.byPerson(), lead.lead().assignedTo(), status.wamid(),
					status.at())) {
				log.info("WhatsApp message accepted by Meta, recorded from its status messageId={} status={}", send.id(),
						status.status().key());
			}
		}
	}

	private static boolean sentTo(MessageStore.@Nullable Echo echo, LeadSummary lead) {
		return echo != null && (echo.recipientWaId() == null || lead.waId() == null
				|| echo.recipientWaId().equals(lead.waId()))
				&& (echo.recipientUserId() == null || lead.waUserId() == null
						|| echo.recipientUserId().equals(lead.waUserId()));
	}

	/** Meta approved, rejected, paused or disabled a template: the picker follows without waiting for a sync. */
	private void applyTemplateReview(WebhookNotification.TemplateReview review) {
		int updated = templates.updateStatus(review.name(), review.language(), review.status());
		log.info("WhatsApp template status update template={} language={} status={} known={}", review.name(),
				review.language(), review.status(), updated > 0);
	}

}
