package io.tripdesk.identity;

/** What other modules may know of a user. */
public record UserSummary(long id, String email, String name, Role role, boolean active) {
}
