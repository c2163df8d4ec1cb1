package io.tripdesk.identity.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin, created at first start when there are no users ({@code TRIPDESK_ADMIN_EMAIL},
 * {@code TRIPDESK_ADMIN_PASSWORD}). Without a password one is generated and logged once.
 */
@ConfigurationProperties("tripdesk.admin")
record AdminProperties(@Nullable String email, @Nullable String password) {

	String emailOrDefault() {
		return email == null || email.isBlank() ? "admin@tripdesk.local" : email.trim();
	}

}
