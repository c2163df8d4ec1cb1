package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.AdReferral;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.ResolvedContact;
import io.tripdesk.leads.WhatsAppContact;
import io.tripdesk.whatsapp.MessageReceived;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.internal.messages.ConversationStore;
import io.tripdesk.whatsapp.internal.messages.MessageStatus;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.templates.TemplateStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one stored notification into conversations: every entry, change, message and status in it, in
 * one transaction, so a failure anywhere leaves the notification to be retried whole (and what was
 * stored already is recognised by its wamid then).
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

	private final JsonMapper json;

	private final TemplateStore templates;

	NotificationProcessor(MessageStore messages, ConversationStore conversations, LeadManagement leads,
			ApplicationEventPublisher publisher, JsonMapper json, TemplateStore templates) {
		this.templates = templates;
		this.messages = messages;
		this.conversations = conversations;
		this.leads = leads;
		this.publisher = publisher;
		this.json = json;
	}

	/** Thrown when the notification should be tried again later (not a bug: something is not there yet). */
	static final class RetryLater extends RuntimeException {

		RetryLater(String message) {
			super(message);
		}

	}

	/**
	 * Thrown when the notification can never be processed (not JSON, or not Meta's envelope): retrying
	 * cannot help, so it is kept as dead with this error at once.
	 */
	static final class Unprocessable extends RuntimeException {

		Unprocessable(String message) {
			super(message);
		}

	}

	@Transactional
	void process(byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Unprocessable("Not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			throw new Unprocessable("Not a WhatsApp notification: no entry array");
		}
		for (JsonNode entry : root.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				if ("message_template_status_update".equals(change.path("field").asString(""))) {
					templateStatus(value);
					continue;
				}
				Map<String, JsonNode> contacts = contactsById(value.path("contacts"));
				for (JsonNode message : value.path("messages")) {
					receive(message, contacts);
				}
				for (JsonNode status : value.path("statuses")) {
					applyStatus(status);
				}
				for (JsonNode error : value.path("errors")) {
					log.warn("WhatsApp reported an error code={} title={}", error.path("code").asInt(),
							error.path("title").asString(""));
				}
			}
		}
	}

	private void receive(JsonNode message, Map<String, JsonNode> contacts) {
		String wamid = message.path("id").asString(null);
		String from = message.path("from").asString(null);
		String fromUserId = message.path("from_user_id").asString(null);
		if (wamid == null || (blank(from) && blank(fromUserId))) {
			log.warn("WhatsApp message without id or sender skipped");
			return;
		}
		JsonNode contact = contacts.getOrDefault(from, contacts.getOrDefault(fromUserId, json.createObjectNode()));
		Instant at = timestamp(message);
		ResolvedContact resolved = leads.resolveWhatsAppContact(new WhatsAppContact(blank(from) ? null : from,
				firstNonBlank(fromUserId, contact.path("user_id").asString(null)),
				contact.path("profile").path("username").asString(null),
				contact.path("profile").path("name").asString(null), referral(message.path("referral")), at));
		long leadId = resolved.lead().id();
		InboundContent content = InboundContent.of(message);
		Optional<Long> stored = messages.insertInbound(new MessageStore.Inbound(wamid, leadId, content.type(),
				content.body(), content.content(), content.mediaId(), content.mediaMimeType(),
				message.path("context").path("id").asString(null), at));
		if (stored.isEmpty()) {
			log.debug("WhatsApp message already stored wamid={}", wamid);
			return;
		}
		if (content.isReaction() && content.reactionTarget() != null) {
			messages.setCustomerReaction(content.reactionTarget(), content.reactionEmoji());
		}
		else {
			leads.recordInbound(leadId, at);
		}
		conversations.recordInbound(leadId, resolved.lead().assignedTo(), at, content.preview(), wamid,
				!content.isReaction());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("message_id", stored.get());
		event.put("wamid", wamid);
		event.put("type", content.type());
		event.put("preview", content.preview());
		leads.addEvent(leadId, LeadEventType.MESSAGE_IN, event, CurrentUser.system());
		publisher.publishEvent(new MessageReceived(stored.get(), leadId, resolved.lead().name(), wamid, content.type(),
				content.preview(), resolved.created(), resolved.lead().assignedTo(), at));
		log.info("WhatsApp message received leadId={} messageId={} type={} newLead={}", leadId, stored.get(),
				content.type(), resolved.created());
	}

	private void applyStatus(JsonNode status) {
		String wamid = status.path("id").asString(null);
		Optional<MessageStatus> kind = MessageStatus.fromWebhook(status.path("status").asString(""));
		if (wamid == null || kind.isEmpty()) {
			log.warn("WhatsApp status skipped status={}", status.path("status").asString(""));
			return;
		}
		Instant at = timestamp(status);
		JsonNode error = status.path("errors").path(0);
		Integer code = error.has("code") ? error.get("code").asInt() : null;
		String title = error.path("title").asString(null);
		String detail = firstNonBlank(error.path("error_data").path("details").asString(null),
				error.path("message").asString(null));
		Optional<MessageStore.StatusChange> change = messages.applyStatus(wamid, kind.get(), at, code, title, detail);
		if (change.isPresent()) {
			var lead = leads.find(change.get().leadId(), CurrentUser.system());
			publisher.publishEvent(new MessageStatusChanged(change.get().messageId(), change.get().leadId(), wamid,
					kind.get().key(), code, title, lead.map(l -> l.assignedTo()).orElse(null), change.get().byPerson(), at));
		}
		else if (messages.findByWamid(wamid).isEmpty()) {
			if (Duration.between(at, Instant.now()).compareTo(UNKNOWN_STATUS_PATIENCE) < 0) {
				throw new RetryLater("Status " + kind.get().key() + " for a message not stored yet: " + wamid);
			}
			log.info("WhatsApp status for an unknown message ignored status={}", kind.get().key());
		}
	}

	/** Meta approved, rejected, paused or disabled a template: the picker follows without waiting for a sync. */
	private void templateStatus(JsonNode value) {
		String name = value.path("message_template_name").asString(null);
		String language = value.path("message_template_language").asString(null);
		String event = value.path("event").asString(null);
		if (blank(name) || blank(language) || blank(event)) {
			log.warn("WhatsApp template status update without name, language or event skipped");
			return;
		}
		int updated = templates.updateStatus(name, language, event.toUpperCase(java.util.Locale.ROOT));
		log.info("WhatsApp template status update template={} language={} status={} known={}", name, language, event,
				updated > 0);
	}

	private static @Nullable AdReferral referral(JsonNode referral) {
		if (!referral.isObject()) {
			return null;
		}
		return new AdReferral(referral.path("source_id").asString(null), referral.path("source_url").asString(null),
				referral.path("source_type").asString(null), referral.path("headline").asString(null),
				referral.path("body").asString(null), referral.path("media_type").asString(null),
				referral.path("ctwa_clid").asString(null));
	}

	private static Map<String, JsonNode> contactsById(JsonNode contacts) {
		Map<String, JsonNode> byId = new HashMap<>();
		for (JsonNode contact : contacts) {
			if (contact.hasNonNull("wa_id")) {
				byId.put(contact.get("wa_id").asString(), contact);
			}
			if (contact.hasNonNull("user_id")) {
				byId.put(contact.get("user_id").asString(), contact);
			}
		}
		return byId;
	}

	/** Meta's epoch seconds (a string); a missing or garbled one is taken as now. */
	private static Instant timestamp(JsonNode node) {
		String value = node.path("timestamp").asString("");
		return value.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.now();
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
		return !blank(first) ? first : blank(second) ? null : second;
	}

}
