package io.tripdesk.whatsapp.internal.messages;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an outbound message is. Ranks only go up: a status arriving late (delivered after read) changes
 * nothing. {@code failed} outranks sent but not delivered or read, which Meta may still report after a
 * failure for a multi-device customer.
 */
public enum MessageStatus {

	RECEIVED(0), QUEUED(0), SENDING(10), ACCEPTED(15), SENT(20), FAILED(25), DELIVERED(30), READ(40), PLAYED(50);

	private final int rank;

	MessageStatus(int rank) {
		this.rank = rank;
	}

	public int rank() {
		return rank;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** A status as Meta names it in a status notification. */
	public static Optional<MessageStatus> fromWebhook(String status) {
		return Arrays.stream(values()).filter(value -> value.key().equals(status))
			.filter(value -> value.rank >= SENT.rank).findFirst();
	}

}
