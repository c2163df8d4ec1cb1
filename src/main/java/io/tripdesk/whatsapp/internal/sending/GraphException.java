package io.tripdesk.whatsapp.internal.sending;

import org.jspecify.annotations.Nullable;

/**
 * A Graph API call that did not succeed: Meta's error code, title and details when it answered, or
 * none for a timeout or a broken connection. {@link #retryable()} says whether trying again can help.
 */
public class GraphException extends RuntimeException {

	private final int httpStatus;

	private final @Nullable Integer code;

	private final @Nullable String title;

	private final @Nullable String details;

	private final boolean retryable;

	public GraphException(int httpStatus, @Nullable Integer code, @Nullable String title, @Nullable String details,
			boolean retryable, @Nullable Throwable cause) {
		super("Graph API " + (code != null ? "error " + code : "HTTP " + httpStatus) + (title != null ? ": " + title : ""),
				cause);
		this.httpStatus = httpStatus;
		this.code = code;
		this.title = title;
		this.details = details;
		this.retryable = retryable;
	}

	public int httpStatus() {
		return httpStatus;
	}

	public @Nullable Integer code() {
		return code;
	}

	public @Nullable String title() {
		return title;
	}

	public @Nullable String details() {
		return details;
	}

	public boolean retryable() {
		return retryable;
	}

}
