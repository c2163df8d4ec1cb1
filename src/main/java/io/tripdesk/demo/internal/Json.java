package io.tripdesk.demo.internal;

import org.jspecify.annotations.Nullable;

/**
 * A JSON object written straight into a string: the generator makes millions of payloads and message
 * contents, too many to go through an object mapper. Null values are left out, as the live code does.
 */
final class Json {

	private final StringBuilder out = new StringBuilder(96).append('{');

	private boolean closed;

	static Json object() {
		return new Json();
	}

	Json put(String key, @Nullable String value) {
		if (value != null) {
			quote(key(key), value);
		}
		return this;
	}

	Json put(String key, @Nullable Long value) {
		if (value != null) {
			key(key).append(value.longValue());
		}
		return this;
	}

	Json put(String key, long value) {
		key(key).append(value);
		return this;
	}

	Json put(String key, boolean value) {
		key(key).append(value);
		return this;
	}

	/** A value that is JSON already (a nested object, an array, a number with its decimals). */
	Json raw(String key, @Nullable Object json) {
		if (json != null) {
			key(key).append(json);
		}
		return this;
	}

	@Override
	public String toString() {
		return text().toString();
	}

	/** The object's text, without copying it into a string. */
	CharSequence text() {
		if (!closed) {
			out.append('}');
			closed = true;
		}
		return out;
	}

	private StringBuilder key(String key) {
		if (out.length() > 1) {
			out.append(',');
		}
		return quote(out, key).append(':');
	}

	private static StringBuilder quote(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"');
	}

}
