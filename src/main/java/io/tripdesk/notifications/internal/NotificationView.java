package io.tripdesk.notifications.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A notification as the API shows it. {@code link} is the dashboard path to act on it. */
record NotificationView(long id, String type, String title, @Nullable String body, @Nullable String link,
		@Nullable Long leadId, @Nullable Long taskId, boolean isRead, @Nullable Instant readAt, Instant createdAt) {
}
