package io.tripdesk.whatsapp;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An outbound message moved forward, published as part of {@link MessageStatusesChanged}: queued, accepted,
 * sent, delivered, read, played, or failed with Meta's code.
 * {@code byPerson} is false for automated and template sends by automations; {@code at} of {@code queued} is
 * when the message was written.
 */
public record MessageStatusChanged(long messageId, long leadId, @Nullable String wamid, String status,
		@Nullable Integer errorCode, @Nullable String errorTitle, @Nullable Long assignedTo, boolean byPerson,
		Instant at) {
}
