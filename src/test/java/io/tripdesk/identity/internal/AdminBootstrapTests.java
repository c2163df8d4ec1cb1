package io.tripdesk.identity.internal;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class AdminBootstrapTests {

	@Test
	void aGuessableConfiguredAdminPasswordStopsTheFirstStart() {
		UserRepository users = mock(UserRepository.class);
		when(users.count()).thenReturn(0L);
		AdminBootstrap bootstrap = new AdminBootstrap(users, PasswordEncoderFactories.createDelegatingPasswordEncoder(),
				new PasswordPolicy(), new AdminProperties("admin@agency.example", "password1234"));

		assertThatIllegalStateException().isThrownBy(() -> bootstrap.run(null))
			.withMessageContaining("TRIPDESK_ADMIN_PASSWORD")
			.withMessageContaining("is too easy to guess");
		verify(users, never()).insert(any(), any(), any(), any());
	}

}
