package io.tripdesk.identity.internal;

import java.security.SecureRandom;
import java.util.Base64;

import io.tripdesk.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On first start, with no users at all, creates the admin from {@code tripdesk.admin.*}; without a
 * configured password, a generated one is logged once, as the only way in. A configured password the
 * {@link PasswordPolicy} refuses stops the start: an admin account open to guessing is worse than none.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private static final String NAME = "Administrator";

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy passwordPolicy;

	private final AdminProperties properties;

	AdminBootstrap(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy,
			AdminProperties properties) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.passwordPolicy = passwordPolicy;
		this.properties = properties;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (users.count() > 0) {
			return;
		}
		String email = properties.emailOrDefault();
		boolean generated = properties.password() == null || properties.password().isBlank();
		String password = generated ? generatePassword() : properties.password();
		if (!generated) {
			passwordPolicy.problem(password, email, NAME).ifPresent(problem -> {
				throw new IllegalStateException("TRIPDESK_ADMIN_PASSWORD (tripdesk.admin.password) " + problem
						+ "; no admin was created. Set a stronger one, or unset it to have one generated.");
			});
		}
		users.insert(email, NAME, passwordEncoder.encode(password), Role.ADMIN);
		if (generated) {
			log.warn("Created the first admin email={} password={} (shown only this once; change it after signing in,"
					+ " or set TRIPDESK_ADMIN_PASSWORD before the first start)", email, password);
		}
		else {
			log.info("Created the first admin email={}", email);
		}
	}

	private static String generatePassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
