package io.tripdesk.identity;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * Who is acting: the signed-in user or API token owner, or {@link #system()} for work Tripdesk does
 * by itself (webhooks, automations, schedules). Controllers receive it with
 * {@code @AuthenticationPrincipal}.
 */
public record CurrentUser(@Nullable Long id, String email, String name, Role role) implements Serializable {

	private static final CurrentUser SYSTEM = new CurrentUser(null, "system@tripdesk", "Tripdesk", Role.ADMIN);

	public static CurrentUser system() {
		return SYSTEM;
	}

	public boolean isAdmin() {
		return role == Role.ADMIN;
	}

	public boolean isSystem() {
		return id == null;
	}

	/** Whether this user may see and change a record assigned to {@code assigneeId} (null: unassigned). */
	public boolean mayWorkOn(@Nullable Long assigneeId) {
		return isAdmin() || assigneeId == null || assigneeId.equals(id);
	}

	/** The user id, for a user who is a person; fails for {@link #system()}. */
	public long requireId() {
		if (id == null) {
			throw new IllegalStateException("The system actor has no user id");
		}
		return id;
	}

}
