package io.tripdesk.whatsapp;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A customer's WhatsApp message was stored on their lead's conversation; published as part of
 * {@link MessagesReceived}.
 *
 * @param preview a short text for lists and notifications
 * @param leadCreated whether this message made a new lead
 */
public record MessageReceived(long messageId, long leadId, String leadName, String wamid, String messageType,
		String preview, boolean leadCreated, @Nullable Long assignedTo, Instant at) {
}
