package io.tripdesk.whatsapp.internal.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The text of a notification made storable. Meta was answered 200 already, so refusing a message would lose
 * it: its text is mended instead. NUL, which no PostgreSQL text or jsonb takes, is left out; half a surrogate
 * pair, which UTF-8 cannot encode, becomes U+FFFD; and text longer than its bound is cut, never inside a pair.
 */
final class StorableText {

	/** The longest message a WhatsApp user can write; no string of a notification is kept longer. */
	static final int TEXT = 65_536;

	/**
	 * Names and identifiers: far longer than any real one, and short enough for the indexes they go into (a
	 * B-tree entry holds at most a third of a page).
	 */
	static final int NAME = 256;

	private static final char REPLACEMENT = '\uFFFD';

	private StorableText() {
	}

	static String of(String text, int max) {
		if (text.length() <= max && storable(text)) {
			return text;
		}
		StringBuilder mended = new StringBuilder(Math.min(text.length(), max));
		for (int i = 0; i < text.length() && mended.length() < max; i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				if (mended.length() + 2 > max) {
					break;
				}
				mended.append(c).append(text.charAt(++i));
			}
			else {
				mended.append(Character.isSurrogate(c) ? REPLACEMENT : c);
			}
		}
		return mended.toString();
	}

	/** Mends every string of a parsed notification, property names included, in place; returns it. */
	static JsonNode tree(JsonNode node) {
		if (node instanceof ObjectNode object) {
			List<String> badNames = new ArrayList<>(0);
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				property.setValue(tree(property.getValue()));
				if (!storable(property.getKey()) || property.getKey().length() > TEXT) {
					badNames.add(property.getKey());
				}
			}
			for (String name : badNames) {
				object.set(of(name, TEXT), object.remove(name));
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, tree(array.get(i)));
			}
		}
		else if (node.isString()) {
			String text = node.asString();
			String mended = of(text, TEXT);
			return mended == text ? node : StringNode.valueOf(mended);
		}
		return node;
	}

	private static boolean storable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				return false;
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
