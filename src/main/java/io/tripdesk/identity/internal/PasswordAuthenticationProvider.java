package io.tripdesk.identity.internal;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Checks an email and password against {@code app_user}; deactivated users cannot sign in. */
class PasswordAuthenticationProvider implements AuthenticationProvider {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	/** Compared against when the email is unknown, so that a wrong email costs as long as a wrong password. */
	private final String dummyHash;

	PasswordAuthenticationProvider(UserRepository users, PasswordEncoder passwordEncoder) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.dummyHash = passwordEncoder.encode("not-a-real-password");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String email = authentication.getName();
		String password = String.valueOf(authentication.getCredentials());
		Optional<User> user = users.findByEmail(email);
		boolean matches = passwordEncoder.matches(password, user.map(User::passwordHash).orElse(dummyHash));
		if (user.isEmpty() || !matches || !user.get().active()) {
			throw new BadCredentialsException("Bad credentials");
		}
		return new SignedInUser(user.get().toCurrentUser());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
