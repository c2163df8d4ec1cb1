package io.tripdesk.whatsapp.internal.webhook;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How every value of a notification is read, as Meta's reference asks: tolerant of types. A value of another
 * shape than expected (an object or a list where text is, text where a list is, a number where text is) is
 * absent, never an error: nothing here throws, whatever the notification holds. Paths ({@code path(…)}) are
 * safe on any node and need nothing from here.
 */
final class WebhookJson {

	private WebhookJson() {
	}

	/** The text, when it is text; null otherwise (a number is not an identifier). */
	static @Nullable String text(JsonNode node) {
		return node.stringValue(null);
	}

	static String text(JsonNode node, String otherwise) {
		return node.stringValue(otherwise);
	}

	/** The elements, when it is a list; none otherwise (an object's values are not a list). */
	static List<JsonNode> items(JsonNode node) {
		return node.isArray() ? List.copyOf(node.values()) : List.of();
	}

	/** The whole number that fits an int; null for anything else. */
	static @Nullable Integer integer(JsonNode node) {
		return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
	}

	/** A number as Meta wrote it (a coordinate); null for anything else. */
	static @Nullable String number(JsonNode node) {
		return node.isNumber() ? node.asString() : null;
	}

	static boolean flag(JsonNode node) {
		return node.isBoolean() && node.booleanValue();
	}

	/** Meta's epoch seconds, as text (Meta's way) or as a number; null when absent or garbled. */
	static @Nullable Instant epochSeconds(JsonNode node) {
		String seconds = node.isIntegralNumber() ? node.asString() : text(node, "");
		return seconds.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(seconds)) : null;
	}

}
