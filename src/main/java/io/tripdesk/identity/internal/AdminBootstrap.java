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
 * configured password, a generated one is logged once, as the only way in.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final AdminProperties properties;

	AdminBootstrap(UserRepository users, PasswordEncoder passwordEncoder, AdminProperties properties) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
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
		users.insert(email, "Administrator", passwordEncoder.encode(password), Role.ADMIN);
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
