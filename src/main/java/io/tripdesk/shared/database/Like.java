package io.tripdesk.shared.database;

/** Patterns for SQL {@code LIKE}/{@code ILIKE} from user text, which matches literally: {@code %} and {@code _} too. */
public final class Like {

	private Like() {
	}

	/** {@code %text%}, with the text's own wildcards and backslashes escaped. */
	public static String containing(String text) {
		return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
