package io.tripdesk.identity.internal;

import io.tripdesk.identity.CurrentUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The authentication of a signed-in user: its principal is the {@link CurrentUser} controllers receive,
 * and its name is the email, by which Spring Session indexes the user's sessions.
 */
final class SignedInUser extends AbstractAuthenticationToken {

	private final CurrentUser user;

	SignedInUser(CurrentUser user) {
		super(SecurityConfiguration.authorities(user.role()));
		this.user = user;
		setAuthenticated(true);
	}

	@Override
	public CurrentUser getPrincipal() {
		return user;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public String getName() {
		return user.email();
	}

}
