package io.tripdesk.whatsapp.internal.messages;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A WhatsApp message as the dashboard shows it. {@code content} holds the type's details (media,
 * location, contacts, buttons); {@code error_explanation} says in plain words why a send failed.
 */
public record MessageView(long id, long leadId, @Nullable String wamid, String direction, String type,
		@Nullable String body, JsonNode content, @Nullable String mediaId, @Nullable String mediaMimeType,
		@Nullable String contextWamid, @Nullable String customerReaction, String status, @Nullable Integer errorCode,
		@Nullable String errorTitle, @Nullable String errorDetail, @Nullable Long sentBy, boolean byPerson,
		Instant createdAt, @Nullable Instant sentAt, @Nullable Instant deliveredAt, @Nullable Instant readAt,
		@Nullable Instant failedAt) {
}
