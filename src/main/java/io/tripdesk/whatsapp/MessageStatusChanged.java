package io.tripdesk.whatsapp;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An outbound message moved forward: queued, accepted, sent, delivered, read, played, or failed with Meta's code. */
public record MessageStatusChanged(long messageId, long leadId, @Nullable String wamid, String status,
		@Nullable Integer errorCode, @Nullable String errorTitle, @Nullable Long assignedTo, Instant at) {
}
