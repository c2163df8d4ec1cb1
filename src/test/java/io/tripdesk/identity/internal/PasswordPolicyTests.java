package io.tripdesk.identity.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

	private final PasswordPolicy policy = new PasswordPolicy();

	@ParameterizedTest
	@CsvSource({ "admin-password-1, admin@test.local, Administrator", "agent-password-1, ines@test.local, ines",
			"long-enough-1, csrf@test.local, Csrf", "embedded-admin-password, admin@tripdesk.local, Administrator",
			"bench-admin-password, admin@tripdesk.local, Administrator",
			"correct horse battery staple, ines.garcia@agency.example, Inés García" })
	void longUncommonPasswordsAreAccepted(String password, String email, String name) {
		assertThat(policy.problem(password, email, name)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "aaaaaaaaaaaa", "123456789012", "password1234", "Passw0rd1234", "qwertyuiop12", "iloveyou1234",
			"abcdefghijkl" })
	void commonAndPatternedPasswordsAreTooEasyToGuess(String password) {
		assertThat(policy.problem(password, "ines@test.local", "Ines")).hasValueSatisfying(
				message -> assertThat(message).startsWith("is too easy to guess"));
	}

	@ParameterizedTest
	@CsvSource({ "ines.garcia@agency.example", "ines.garcia2024", "Garcia-Ines-1990", "agency.example.ines" })
	void passwordsMadeOfTheEmailOrNameAreRefused(String password) {
		assertThat(policy.problem(password, "ines.garcia@agency.example", "Inés García"))
			.hasValue(PasswordPolicy.PERSONAL);
	}

	@Test
	void tripdesksOwnNameIsAsGuessableAsTheUsers() {
		assertThat(policy.problem("tripdesk12345", "ines@test.local", "Ines")).hasValue(PasswordPolicy.PERSONAL);
	}

	@Test
	void shortAndOverlongPasswordsAreRefusedWhateverTheirStrength() {
		assertThat(policy.problem("x7#Kq!v9Zr2", "ines@test.local", "Ines")).hasValue("must be 12 to 200 characters");
		assertThat(policy.problem("x7#Kq!v9Zr2".repeat(20), "ines@test.local", "Ines"))
			.hasValue("must be 12 to 200 characters");
	}

}
