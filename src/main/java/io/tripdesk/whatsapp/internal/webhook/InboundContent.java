package io.tripdesk.whatsapp.internal.webhook;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a message of each type says, read from Meta's message object: the text to show, the details to
 * keep, and its media. Any type Meta adds later is kept whole as content, never an error.
 */
record InboundContent(String type, @Nullable String body, JsonNode content, @Nullable String mediaId,
		@Nullable String mediaMimeType, String preview) {

	private static final int PREVIEW_LENGTH = 140;

	static InboundContent of(JsonNode message) {
		String type = StorableText.of(message.path("type").asString("unknown"), StorableText.NAME);
		JsonNode details = message.path(type);
		ObjectNode content = details.isObject() ? ((ObjectNode) details).deepCopy() : JsonNodeFactory.instance.objectNode();
		if (message.has("context")) {
			content.set("context", message.get("context"));
		}
		if (message.has("referral")) {
			content.set("referral", message.get("referral"));
		}
		if (message.has("errors")) {
			content.set("errors", message.get("errors"));
		}
		return switch (type) {
			case "text" -> text(type, details.path("body").asString(""), content);
			case "image", "video", "sticker", "audio", "document" -> media(type, details, content);
			case "location" -> text(type, firstNonBlank(details.path("name").asString(null),
					details.path("address").asString(null), "Location " + details.path("latitude").asString("")
							+ ", " + details.path("longitude").asString("")), content);
			case "contacts" -> contacts(message.path("contacts"), content);
			case "interactive" -> text(type, firstNonBlank(details.path(details.path("type").asString("")).path("title")
				.asString(null), details.path("nfm_reply").path("body").asString(null), "Interactive reply"), content);
			case "button" -> text(type, details.path("text").asString(details.path("payload").asString("")), content);
			case "reaction" -> reaction(details, content);
			case "order" -> text(type, firstNonBlank(details.path("text").asString(null),
					"Order of " + details.path("product_items").size() + " item(s)"), content);
			case "system" -> text(type, details.path("body").asString("System message"), content);
			case "unsupported" -> text(type, "Unsupported message (" + details.path("type").asString("unknown")
					+ ") — ask the customer to send it another way", content);
			default -> text(type, firstNonBlank(details.path("body").asString(null), "A " + type + " message"), content);
		};
	}

	boolean isReaction() {
		return type.equals("reaction");
	}

	/** The message a reaction points at. */
	@Nullable
	String reactionTarget() {
		return isReaction() ? content.path("message_id").asString(null) : null;
	}

	/** The reaction's emoji; null when the customer took the reaction back (emoji left out or empty). */
	@Nullable
	String reactionEmoji() {
		String emoji = content.path("emoji").asString("");
		return emoji.isEmpty() ? null : emoji;
	}

	private static InboundContent text(String type, String body, ObjectNode content) {
		return new InboundContent(type, body, content, null, null, preview(body));
	}

	private static InboundContent media(String type, JsonNode details, ObjectNode content) {
		String caption = details.path("caption").asString(null);
		if (caption == null && type.equals("document")) {
			caption = details.path("filename").asString(null);
		}
		String label = switch (type) {
			case "audio" -> details.path("voice").asBoolean(false) ? "Voice message" : "Audio";
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
		String names = contacts.valueStream().map(contact -> contact.path("name").path("formatted_name").asString(""))
			.filter(name -> !name.isBlank()).collect(Collectors.joining(", "));
		return text("contacts", names.isEmpty() ? "Shared a contact" : "Shared contact: " + names, content);
	}

	private static InboundContent reaction(JsonNode details, ObjectNode content) {
		String emoji = details.path("emoji").asString("");
		String body = emoji.isEmpty() ? "Removed a reaction" : "Reacted " + emoji;
		return new InboundContent("reaction", emoji.isEmpty() ? null : emoji, content, null, null, body);
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
