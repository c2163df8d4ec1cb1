package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A WhatsApp customer as a webhook names them. At least one of {@code waId} (digits, no plus) and
 * {@code waUserId} (business-scoped user id, 2026) is present.
 */
public record WhatsAppContact(@Nullable String waId, @Nullable String waUserId, @Nullable String username,
		@Nullable String profileName, @Nullable AdReferral referral, Instant seenAt) {

	public WhatsAppContact {
		if (isBlank(waId) && isBlank(waUserId)) {
			throw new IllegalArgumentException("A WhatsApp contact needs a wa_id or a user_id");
		}
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
