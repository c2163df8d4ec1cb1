package io.tripdesk.identity;

import java.util.List;
import java.util.Optional;

/** Looks up users for other modules (assignees, notification recipients). */
public interface UserDirectory {

	Optional<UserSummary> find(long id);

	/** Active users, admins and agents, ordered by name. */
	List<UserSummary> activeUsers();

	List<UserSummary> activeUsersWithRole(Role role);

}
