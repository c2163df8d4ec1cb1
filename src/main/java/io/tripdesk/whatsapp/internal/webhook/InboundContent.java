package io.tripdesk.whatsapp.internal.webhook;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.flag;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.items;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.number;
import static io.tripdesk.whatsapp.internal.webhook.WebhookJson.text;

/**
 * What a message of each type says, read from Meta's message object: the text to show, the details to
 * keep, and its media. Any type Meta adds later is kept whole as content, never an error; a value of the wrong
 * shape is absent ({@link WebhookJson}).
 */
record InboundContent(String type, @Nullable String body, JsonNode content, @Nullable String mediaId,
		@Nullable String mediaMimeType, String preview) {

	private static final int PREVIEW_LENGTH = 140;

	static InboundContent of(JsonNode message) {
		String type = StorableText.of(text(message.path("type"), "unknown"), StorableText.NAME);
		JsonNode details = message.path(type);
		ObjectNode content = details.isObject() ? ((ObjectNode) details).deepCopy() : JsonNodeFactory.instance.objectNode();
		for (String kept : List.of("context", "referral", "errors")) {
			if (!message.path(kept).isMissingNode()) {
				content.set(kept, message.path(kept));
			}
		}
		return switch (type) {
			case "text" -> described(type, text(details.path("body"), ""), content);
			case "image", "video", "sticker", "audio", "document" -> media(type, details, content);
			case "location" -> described(type, firstNonBlank(text(details.path("name")), text(details.path("address")),
					location(details)), content);
			case "contacts" -> contacts(message.path("contacts"), content);
			case "interactive" -> described(type, firstNonBlank(text(details.path(text(details.path("type"), "")).path("title")),
					text(details.path("nfm_reply").path("body")), "Interactive reply"), content);
			case "button" -> described(type, text(details.path("text"), text(details.path("payload"), "")), content);
			case "reaction" -> reaction(details, content);
			case "order" -> described(type, firstNonBlank(text(details.path("text")),
					"Order of " + items(details.path("product_items")).size() + " item(s)"), content);
			case "system" -> described(type, text(details.path("body"), "System message"), content);
			case "unsupported" -> described(type, "Unsupported message (" + text(details.path("type"), "unknown")
					+ ") — ask the customer to send it another way", content);
			default -> described(type, firstNonBlank(text(details.path("body")), "A " + type + " message"), content);
		};
	}

	boolean isReaction() {
		return type.equals("reaction");
	}

	/** The message a reaction points at. */
	@Nullable
	String reactionTarget() {
		return isReaction() ? text(content.path("message_id")) : null;
	}

	/** The reaction's emoji; null when the customer took the reaction back (emoji left out or empty). */
	@Nullable
	String reactionEmoji() {
		String emoji = text(content.path("emoji"), "");
		return emoji.isEmpty() ? null : emoji;
	}

	private static InboundContent described(String type, String body, ObjectNode content) {
		return new InboundContent(type, body, content, null, null, preview(body));
	}

	private static InboundContent media(String type, JsonNode details, ObjectNode content) {
		String caption = text(details.path("caption"));
		if (caption == null && type.equals("document")) {
			caption = text(details.path("filename"));
		}
		String label = switch (type) {
			case "audio" -> flag(details.path("voice")) ? "Voice message" : "Audio";
			case "image" -> "Photo";
			case "video" -> "Video";
			case "sticker" -> "Sticker";
			default -> "Document";
		};
		return new InboundContent(type, caption, content, WebhookNotification.name(details.path("id")),
				WebhookNotification.name(details.path("mime_type")), preview(caption == null ? label : label + ": " + caption));
	}

	private static InboundContent contacts(JsonNode contacts, ObjectNode content) {
		content.set("contacts", contacts);
		String names = items(contacts).stream().map(contact -> text(contact.path("name").path("formatted_name"), ""))
			.filter(name -> !name.isBlank()).collect(Collectors.joining(", "));
		return described("contacts", names.isEmpty() ? "Shared a contact" : "Shared contact: " + names, content);
	}

	private static InboundContent reaction(JsonNode details, ObjectNode content) {
		String emoji = text(details.path("emoji"), "");
		String body = emoji.isEmpty() ? "Removed a reaction" : "Reacted " + emoji;
		return new InboundContent("reaction", emoji.isEmpty() ? null : emoji, content, null, null, body);
	}

	/** Where a location without a name or address is, when Meta gave its coordinates. */
	private static String location(JsonNode details) {
		String latitude = number(details.path("latitude"));
		String longitude = number(details.path("longitude"));
		return latitude == null || longitude == null ? "Location" : "Location " + latitude + ", " + longitude;
	}

	private static String preview(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String flat = text.replaceAll("\\s+", " ").trim();
		return flat.length() <= PREVIEW_LENGTH ? flat : flat.substring(0, PREVIEW_LENGTH - 1) + "…";
	}

	private static String firstNonBlank(@Nullable String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return "";
	}

}
