package io.tripdesk.identity.internal;

import java.time.Instant;

import io.tripdesk.identity.Role;
import org.jspecify.annotations.Nullable;

record UserView(long id, String email, String name, Role role, boolean isActive, Instant createdAt,
		Instant updatedAt, @Nullable Instant lastLoginAt) {
}
