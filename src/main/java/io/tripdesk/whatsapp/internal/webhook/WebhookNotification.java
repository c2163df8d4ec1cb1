package io.tripdesk.whatsapp.internal.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.leads.AdReferral;
import io.tripdesk.leads.WhatsAppContact;
import io.tripdesk.whatsapp.internal.messages.CallbackData;
import io.tripdesk.whatsapp.internal.messages.MessageStatus;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one stored notification says, read once from Meta's envelope: the customers' messages, the statuses
 * of our messages and the template reviews of every entry and change, each in the order Meta wrote them.
 * Items Meta sent without what they need (a message with no id or sender) are left out here, with a warning.
 * Its text is made storable ({@link StorableText}) as it is read: names and identifiers cut to
 * {@link StorableText#NAME}, anything else to {@link StorableText#TEXT}.
 *
 * @param inboxId the notification's row in the inbox
 */
record WebhookNotification(long inboxId, List<Inbound> messages, List<MessageStore.ReportedStatus> statuses,
		List<TemplateReview> templateReviews, List<ReportedError> errors) {

	private static final Logger log = LoggerFactory.getLogger(WebhookNotification.class);

	/** A customer's message and who sent it. */
	record Inbound(String wamid, WhatsAppContact contact, InboundContent content, @Nullable String contextWamid,
			Instant at) {
	}

	/** Meta approved, rejected, paused or disabled a template. */
	record TemplateReview(String name, String language, String status) {
	}

	/** An error Meta reported about the webhook itself, kept only for the log. */
	record ReportedError(int code, String title) {
	}

	/**
	 * Reads a stored body; throws {@link NotificationProcessor.Unprocessable} when it is not JSON or not Meta's
	 * envelope, which no retry can change.
	 */
	static WebhookNotification read(long inboxId, byte[] body, JsonMapper json) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new NotificationProcessor.Unprocessable("Not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			throw new NotificationProcessor.Unprocessable("Not a WhatsApp notification: no entry array");
		}
		StorableText.tree(root);
		List<Inbound> messages = new ArrayList<>();
		List<MessageStore.ReportedStatus> statuses = new ArrayList<>();
		List<TemplateReview> reviews = new ArrayList<>();
		List<ReportedError> errors = new ArrayList<>();
		for (JsonNode entry : root.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				if ("message_template_status_update".equals(change.path("field").asString(""))) {
					templateReview(value).ifPresent(reviews::add);
					continue;
				}
				Map<String, JsonNode> contacts = contactsById(value.path("contacts"));
				for (JsonNode message : value.path("messages")) {
					inbound(message, contacts).ifPresent(messages::add);
				}
				for (JsonNode status : value.path("statuses")) {
					statusReport(status).ifPresent(statuses::add);
				}
				for (JsonNode error : value.path("errors")) {
					errors.add(new ReportedError(error.path("code").asInt(), error.path("title").asString("")));
				}
			}
		}
		return new WebhookNotification(inboxId, messages, statuses, reviews, errors);
	}

	/**
	 * A stored body as notifications of Meta's envelope, each message in one of its own (with its change's
	 * metadata and contacts), then, if anything else is said, one with all of that (statuses, template reviews,
	 * errors). A body that is not Meta's envelope is one part, as it is.
	 */
	static List<byte[]> split(byte[] body, JsonMapper json) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			return List.of(body);
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			return List.of(body);
		}
		List<byte[]> parts = new ArrayList<>();
		ObjectNode rest = ((ObjectNode) root).deepCopy();
		boolean restSaysSomething = false;
		for (JsonNode entry : rest.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				if (!(change.path("value") instanceof ObjectNode value)) {
					continue;
				}
				for (JsonNode message : value.path("messages")) {
					ObjectNode partValue = value.deepCopy().remove(List.of("statuses", "errors"));
					partValue.putArray("messages").add(message);
					ObjectNode part = ((ObjectNode) root).deepCopy();
					part.putArray("entry").add(((ObjectNode) entry).deepCopy().retain("id", "time")
						.set("changes", json.createArrayNode().add(((ObjectNode) change).deepCopy().set("value", partValue))));
					parts.add(json.writeValueAsBytes(part));
				}
				value.remove(List.of("messages", "contacts"));
				restSaysSomething |= !change.path("field").asString("messages").equals("messages")
						|| !value.path("statuses").isEmpty() || !value.path("errors").isEmpty();
			}
		}
		if (restSaysSomething) {
			parts.add(json.writeValueAsBytes(rest));
		}
		return parts.isEmpty() ? List.of(body) : parts;
	}

	private static Optional<Inbound> inbound(JsonNode message, Map<String, JsonNode> contacts) {
		String wamid = name(message.path("id"));
		String from = name(message.path("from"));
		String fromUserId = name(message.path("from_user_id"));
		if (wamid == null || (blank(from) && blank(fromUserId))) {
			log.warn("WhatsApp message without id or sender skipped");
			return Optional.empty();
		}
		JsonNode contact = contacts.getOrDefault(from, contacts.getOrDefault(fromUserId, MissingNode.getInstance()));
		Instant at = timestamp(message);
		WhatsAppContact sender = new WhatsAppContact(blank(from) ? null : from,
				firstNonBlank(fromUserId, name(contact.path("user_id"))), name(contact.path("profile").path("username")),
				name(contact.path("profile").path("name")), referral(message.path("referral")), at);
		return Optional.of(new Inbound(wamid, sender, InboundContent.of(message), name(message.path("context").path("id")),
				at));
	}

	private static Optional<MessageStore.ReportedStatus> statusReport(JsonNode status) {
		String wamid = name(status.path("id"));
		Optional<MessageStatus> kind = MessageStatus.fromWebhook(status.path("status").asString(""));
		if (wamid == null || kind.isEmpty()) {
			log.warn("WhatsApp status skipped status={}", status.path("status").asString(""));
			return Optional.empty();
		}
		JsonNode error = status.path("errors").path(0);
		return Optional.of(new MessageStore.ReportedStatus(wamid, kind.get(), timestamp(status),
				error.has("code") ? error.get("code").asInt() : null, error.path("title").asString(null),
				firstNonBlank(error.path("error_data").path("details").asString(null),
						error.path("message").asString(null)),
				echo(status)));
	}

	/** Our message id echoed in {@code biz_opaque_callback_data}, with the recipient; null when not ours. */
	private static MessageStore.@Nullable Echo echo(JsonNode status) {
		Long messageId = CallbackData.messageId(name(status.path("biz_opaque_callback_data")));
		if (messageId == null) {
			return null;
		}
		String waId = name(status.path("recipient_id"));
		String userId = name(status.path("recipient_user_id"));
		return new MessageStore.Echo(messageId, blank(waId) ? null : waId, blank(userId) ? null : userId);
	}

	private static Optional<TemplateReview> templateReview(JsonNode value) {
		String name = name(value.path("message_template_name"));
		String language = name(value.path("message_template_language"));
		String event = name(value.path("event"));
		if (blank(name) || blank(language) || blank(event)) {
			log.warn("WhatsApp template status update without name, language or event skipped");
			return Optional.empty();
		}
		return Optional.of(new TemplateReview(name, language, event.toUpperCase(Locale.ROOT)));
	}

	private static @Nullable AdReferral referral(JsonNode referral) {
		if (!referral.isObject()) {
			return null;
		}
		return new AdReferral(name(referral.path("source_id")), referral.path("source_url").asString(null),
				name(referral.path("source_type")), referral.path("headline").asString(null),
				referral.path("body").asString(null), name(referral.path("media_type")), name(referral.path("ctwa_clid")));
	}

	private static Map<String, JsonNode> contactsById(JsonNode contacts) {
		Map<String, JsonNode> byId = new HashMap<>();
		for (JsonNode contact : contacts) {
			if (contact.hasNonNull("wa_id")) {
				byId.put(name(contact.get("wa_id")), contact);
			}
			if (contact.hasNonNull("user_id")) {
				byId.put(name(contact.get("user_id")), contact);
			}
		}
		return byId;
	}

	/** Meta's epoch seconds (a string); a missing or garbled one is taken as now. */
	private static Instant timestamp(JsonNode node) {
		String value = node.path("timestamp").asString("");
		return value.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.now();
	}

	/** A name or an identifier: cut to {@link StorableText#NAME}. */
	static @Nullable String name(JsonNode node) {
		String value = node.asString(null);
		return value == null ? null : StorableText.of(value, StorableText.NAME);
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
		return !blank(first) ? first : blank(second) ? null : second;
	}

}
