package io.tripdesk.identity.internal;

import java.time.Instant;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.Role;
import io.tripdesk.identity.UserSummary;
import org.jspecify.annotations.Nullable;

/** A row of {@code app_user}. */
record User(long id, String email, String name, String passwordHash, Role role, boolean active, Instant createdAt,
		Instant updatedAt, @Nullable Instant lastLoginAt) {

	CurrentUser toCurrentUser() {
		return new CurrentUser(id, email, name, role);
	}

	UserSummary toSummary() {
		return new UserSummary(id, email, name, role, active);
	}

	UserView toView() {
		return new UserView(id, email, name, role, active, createdAt, updatedAt, lastLoginAt);
	}

}
