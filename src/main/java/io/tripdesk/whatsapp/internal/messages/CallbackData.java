package io.tripdesk.whatsapp.internal.messages;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code biz_opaque_callback_data} Tripdesk attaches to every send, which Meta echoes in every status of
 * that message: our message id, so that a status can be traced to its message before the wamid is known.
 */
public final class CallbackData {

	private static final String PREFIX = "tripdesk-message-";

	private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "([1-9][0-9]{0,17})");

	private CallbackData() {
	}

	public static String of(long messageId) {
		return PREFIX + messageId;
	}

	/** The message id the data names, or null when it is not ours (absent, garbled, someone else's). */
	public static @Nullable Long messageId(@Nullable String data) {
		if (data == null) {
			return null;
		}
		Matcher ours = OURS.matcher(data);
		return ours.matches() ? Long.valueOf(ours.group(1)) : null;
	}

}
