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
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.epochSeconds;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.integer;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.items;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.text;

/**
 * What one stored notification says, read once from Meta's envelope: the customers' messages, the statuses
 * of our messages and the template reviews of every entry and change, each in the order Meta wrote them.
 * Every value is read with {@link WebhookJson}: one of the wrong shape is absent. A status or a template review
 * without what it needs is left out, with a warning; a message without a usable id or sender makes the
 * notification {@link NotificationProcessor.Unprocessable}, to be split so that the message is set aside alone.
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
	 * Reads a stored body; throws {@link NotificationProcessor.Unprocessable} when it is not JSON, not Meta's
	 * envelope, or has a message without a usable id or sender, which no retry can change.
	 */
	static WebhookNotification read(long inboxId, byte[] body, JsonMapper json) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			// Where, not Jackson's words: they quote the body.
			TokenStreamLocation where = ex.getLocation();
			throw new NotificationProcessor.Unprocessable(where == null ? "Not JSON"
					: "Not JSON (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			throw new NotificationProcessor.Unprocessable("Not a WhatsApp notification: no entry array");
		}
		StorableText.tree(root);
		List<Inbound> messages = new ArrayList<>();
		List<MessageStore.ReportedStatus> statuses = new ArrayList<>();
		List<TemplateReview> reviews = new ArrayList<>();
		List<ReportedError> errors = new ArrayList<>();
		int unusable = 0;
		for (JsonNode entry : items(root.path("entry"))) {
			for (JsonNode change : items(entry.path("changes"))) {
				JsonNode value = change.path("value");
				if ("message_template_status_update".equals(text(change.path("field"), ""))) {
					templateReview(value).ifPresent(reviews::add);
					continue;
				}
				Map<String, JsonNode> contacts = contactsById(value.path("contacts"));
				for (JsonNode message : items(value.path("messages"))) {
					Optional<Inbound> inbound = inbound(message, contacts);
					inbound.ifPresent(messages::add);
					unusable += inbound.isEmpty() ? 1 : 0;
				}
				for (JsonNode status : items(value.path("statuses"))) {
					statusReport(status).ifPresent(statuses::add);
				}
				for (JsonNode error : items(value.path("errors"))) {
					if (error.isObject()) {
						Integer code = integer(error.path("code"));
						errors.add(new ReportedError(code == null ? 0 : code, text(error.path("title"), "")));
					}
				}
			}
		}
		if (unusable > 0) {
			throw new NotificationProcessor.Unprocessable((unusable == 1 ? "a message" : unusable + " messages")
					+ " without a usable id or sender");
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
		for (JsonNode entry : items(rest.path("entry"))) {
			for (JsonNode change : items(entry.path("changes"))) {
				if (!(change.path("value") instanceof ObjectNode value)) {
					continue;
				}
				for (JsonNode message : items(value.path("messages"))) {
					ObjectNode partValue = value.deepCopy().remove(List.of("statuses", "errors"));
					partValue.putArray("messages").add(message);
					ObjectNode part = ((ObjectNode) root).deepCopy();
					part.putArray("entry").add(((ObjectNode) entry).deepCopy().retain("id", "time")
						.set("changes", json.createArrayNode().add(((ObjectNode) change).deepCopy().set("value", partValue))));
					parts.add(json.writeValueAsBytes(part));
				}
				value.remove(List.of("messages", "contacts"));
				restSaysSomething |= !text(change.path("field"), "messages").equals("messages")
						|| !items(value.path("statuses")).isEmpty() || !items(value.path("errors")).isEmpty();
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
		if (wamid == null || wamid.isBlank() || (blank(from) && blank(fromUserId))) {
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
		Optional<MessageStatus> kind = MessageStatus.fromWebhook(text(status.path("status"), ""));
		if (wamid == null || kind.isEmpty()) {
			log.warn("WhatsApp status skipped status={}", name(status.path("status")));
			return Optional.empty();
		}
		JsonNode error = status.path("errors").path(0);
		return Optional.of(new MessageStore.ReportedStatus(wamid, kind.get(), timestamp(status),
				integer(error.path("code")), text(error.path("title")),
				firstNonBlank(text(error.path("error_data").path("details")), text(error.path("message"))),
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
		return new AdReferral(name(referral.path("source_id")), text(referral.path("source_url")),
				name(referral.path("source_type")), text(referral.path("headline")), text(referral.path("body")),
				name(referral.path("media_type")), name(referral.path("ctwa_clid")));
	}

	private static Map<String, JsonNode> contactsById(JsonNode contacts) {
		Map<String, JsonNode> byId = new HashMap<>();
		for (JsonNode contact : items(contacts)) {
			for (String id : List.of("wa_id", "user_id")) {
				String value = name(contact.path(id));
				if (!blank(value)) {
					byId.put(value, contact);
				}
			}
		}
		return byId;
	}

	/** Meta's epoch seconds; a missing or garbled one is taken as now. */
	private static Instant timestamp(JsonNode node) {
		Instant at = epochSeconds(node.path("timestamp"));
		return at != null ? at : Instant.now();
	}

	/** A name or an identifier, when it is text: cut to {@link StorableText#NAME}. */
	static @Nullable String name(JsonNode node) {
		String value = text(node);
		return value == null ? null : StorableText.of(value, StorableText.NAME);
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
		return !blank(first) ? first : blank(second) ? null : second;
	}

}
