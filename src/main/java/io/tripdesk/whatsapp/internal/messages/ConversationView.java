package io.tripdesk.whatsapp.internal.messages;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A conversation in the inbox, with whether the 24-hour window allows free-form replies. */
public record ConversationView(long leadId, String leadName, @Nullable String phone, @Nullable Long assignedTo,
		Instant lastMessageAt, @Nullable String lastMessagePreview, String lastDirection, int unreadCount,
		Window window) {

	public record Window(boolean open, @Nullable Instant lastInboundAt, @Nullable Instant expiresAt) {
	}

}
