package io.tripdesk.leads.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in the lead list, given out in {@code next} and {@code previous} links: the ordering it
 * belongs to, the row's sort key and id, and whether the page is the one after it or the one before.
 * Opaque to clients; a cursor that does not decode is a 400, not a guess.
 */
record LeadCursor(String ordering, boolean backwards, String key, long id) {

	private static final String VERSION = "1";

	String encode() {
		String text = String.join("\n", VERSION, ordering, backwards ? "p" : "n", Long.toString(id), key);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static Optional<LeadCursor> decode(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 5);
			if (parts.length != 5 || !parts[0].equals(VERSION) || !(parts[2].equals("n") || parts[2].equals("p"))) {
				return Optional.empty();
			}
			return Optional.of(new LeadCursor(parts[1], parts[2].equals("p"), parts[4], Long.parseLong(parts[3])));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
