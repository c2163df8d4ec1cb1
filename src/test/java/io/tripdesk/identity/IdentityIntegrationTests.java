package io.tripdesk.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityIntegrationTests extends IntegrationTest {

	@Test
	void theConfiguredAdminSignsInAndSeesThemself() {
		JsonNode me = admin().get("/api/auth/me/").json();

		assertThat(me.get("email").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(me.get("role").asString()).isEqualTo("ADMIN");
		assertThat(me.has("password_hash")).isFalse();
	}

	@Test
	void aWrongPasswordIsAProblemAndNoSession() {
		ApiClient client = anonymous();
		client.get("/api/auth/csrf/");
		var response = client.post("/api/auth/login/", Map.of("email", ADMIN_EMAIL, "password", "wrong-password"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).endsWith("/bad-credentials");
		assertThat(client.get("/api/auth/me/").status()).isEqualTo(401);
	}

	@Test
	void theApiNeedsAUserButHealthAndDocsDoNot() {
		ApiClient client = anonymous();

		assertThat(client.get("/api/users/").status()).isEqualTo(401);
		assertThat(client.get("/api/users/").json().get("title").asString()).isEqualTo("Not signed in");
		assertThat(client.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
		assertThat(client.get("/v3/api-docs").status()).isEqualTo(200);
	}

	@Test
	void aSessionChangeWithoutItsCsrfTokenIsRefused() {
		ApiClient crossSite = admin().withoutCsrfHeader();

		var response = crossSite.post("/api/users/",
				Map.of("email", "csrf@test.local", "name", "Csrf", "password", "long-enough-1", "role", "ADMIN"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(admin().get("/api/users/").json().findValuesAsString("email")).doesNotContain("csrf@test.local");
	}

	@Test
	void signingOutEndsTheSession() {
		ApiClient client = admin();

		assertThat(client.post("/api/auth/logout/", null).status()).isEqualTo(204);
		assertThat(client.get("/api/auth/me/").status()).isEqualTo(401);
	}

	@Test
	void adminsManageUsersAndAgentsCannot() {
		ApiClient agent = newAgent("ines@test.local");

		var listed = agent.get("/api/users/");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.json().findValuesAsString("email")).contains("ines@test.local", ADMIN_EMAIL);

		var refused = agent.post("/api/users/",
				Map.of("email", "eve@test.local", "name", "Eve", "password", "long-enough-1", "role", "ADMIN"));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(admin().get("/api/users/").json().findValuesAsString("email")).doesNotContain("eve@test.local");
	}

	@Test
	void aDeactivatedAgentIsSignedOutAndCannotSignInAgain() {
		ApiClient agent = newAgent("pablo@test.local");
		long id = userId(agent);

		var updated = admin().patch("/api/users/" + id + "/", Map.of("is_active", false));
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("is_active").asBoolean()).isFalse();

		assertThat(agent.get("/api/auth/me/").status()).isEqualTo(401);
		ApiClient again = anonymous();
		again.get("/api/auth/csrf/");
		assertThat(again.post("/api/auth/login/", Map.of("email", "pablo@test.local", "password", "agent-password-1"))
			.status()).isEqualTo(401);
	}

	@Test
	void invalidUsersAreRefusedFieldByField() {
		var response = admin().post("/api/users/",
				Map.of("email", "not-an-email", "name", "", "password", "short", "role", "AGENT"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("email", "name",
				"password");
	}

	@Test
	void apiTokensAuthenticateUntilRevoked() {
		ApiClient admin = admin();
		JsonNode created = admin.post("/api/auth/tokens/", Map.of("name", "zapier")).json();
		String secret = created.get("secret").asString();
		assertThat(secret).startsWith("td_");

		ApiClient integration = anonymous().withToken(secret);
		assertThat(integration.get("/api/auth/me/").json().get("email").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(admin.get("/api/auth/tokens/").text()).doesNotContain(secret);

		assertThat(admin.delete("/api/auth/tokens/" + created.get("token").get("id").asLong() + "/").status())
			.isEqualTo(204);
		assertThat(integration.get("/api/auth/me/").status()).isEqualTo(401);
		assertThat(anonymous().withToken("td_made-up").get("/api/auth/me/").status()).isEqualTo(401);
	}

	@Test
	void userChangesAreAudited() {
		newAgent("audited@test.local");

		JsonNode entries = admin().get("/api/audit-log/?entity_type=user").json();

		assertThat(entries.get("count").asLong()).isPositive();
		JsonNode created = entries.get("results").valueStream()
			.filter(e -> e.get("after").get("email").asString().equals("audited@test.local"))
			.findFirst().orElseThrow();
		assertThat(created.get("action").asString()).isEqualTo("create");
		assertThat(created.get("actor").asString()).isEqualTo(ADMIN_EMAIL);
	}

	@Test
	void guessingFromOneAddressLocksThatAddressButNotTheOwnerElsewhere() {
		newAgent("rosa@test.local");
		ApiClient guesser = anonymous().withHeader("X-Forwarded-For", "203.0.113.10");
		for (int i = 0; i < 10; i++) {
			assertThat(signIn(guesser, "rosa@test.local", "wrong-password-" + i).status()).isEqualTo(401);
		}

		var refused = signIn(guesser, "rosa@test.local", "agent-password-1");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("/too-many-sign-ins");
		assertThat(Long.parseLong(refused.headers().get("retry-after").get(0))).isBetween(1L, 60L);
		assertThat(signIn(guesser, ADMIN_EMAIL, ADMIN_PASSWORD).status()).isEqualTo(429);

		ApiClient owner = anonymous().withHeader("X-Forwarded-For", "198.51.100.10");
		assertThat(signIn(owner, "rosa@test.local", "agent-password-1").status()).isEqualTo(200);

		clock.advance(Duration.ofSeconds(61));
		assertThat(signIn(guesser, "rosa@test.local", "agent-password-1").status()).isEqualTo(200);
	}

	@Test
	void guessingFromManyAddressesLocksTheAccountForAWhile() {
		newAgent("tomas@test.local");
		for (String address : List.of("203.0.113.21", "203.0.113.22")) {
			ApiClient guesser = anonymous().withHeader("X-Forwarded-For", address);
			for (int i = 0; i < 10; i++) {
				assertThat(signIn(guesser, "tomas@test.local", "wrong-password-" + i).status()).isEqualTo(401);
			}
		}
		ApiClient owner = anonymous().withHeader("X-Forwarded-For", "198.51.100.21");

		var refused = signIn(owner, "tomas@test.local", "agent-password-1");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.headers().get("retry-after").get(0))).isBetween(1L, 60L);
		assertThat(signIn(owner, ADMIN_EMAIL, ADMIN_PASSWORD).status()).isEqualTo(200);

		clock.advance(Duration.ofSeconds(61));
		assertThat(signIn(owner, "tomas@test.local", "agent-password-1").status()).isEqualTo(200);
	}

	@Test
	void changingTheOwnPasswordEndsTheOtherSessionsOnly() {
		ApiClient here = newAgent("lena@test.local");
		ApiClient elsewhere = anonymous().login("lena@test.local", "agent-password-1");

		var changed = here.post("/api/auth/password/",
				Map.of("current_password", "agent-password-1", "new_password", "quiet-harbour-lantern-7"));

		assertThat(changed.status()).isEqualTo(204);
		assertThat(here.get("/api/auth/me/").status()).isEqualTo(200);
		assertThat(elsewhere.get("/api/auth/me/").status()).isEqualTo(401);
		assertThat(signIn(anonymous(), "lena@test.local", "quiet-harbour-lantern-7").status()).isEqualTo(200);
	}

	@Test
	void anAdminResettingTheirOwnPasswordStaysSignedInHereOnly() {
		admin().post("/api/users/", Map.of("email", "second-admin@test.local", "name", "Second", "password",
				"agent-password-1", "role", "ADMIN"));
		ApiClient here = anonymous().login("second-admin@test.local", "agent-password-1");
		ApiClient elsewhere = anonymous().login("second-admin@test.local", "agent-password-1");

		var reset = here.patch("/api/users/" + userId(here) + "/", Map.of("password", "velvet-compass-orbit-42"));

		assertThat(reset.status()).isEqualTo(200);
		assertThat(here.get("/api/auth/me/").status()).isEqualTo(200);
		assertThat(elsewhere.get("/api/auth/me/").status()).isEqualTo(401);
	}

	@Test
	void guessablePasswordsAreRefusedOnTheirField() {
		ApiClient admin = admin();
		for (String password : List.of("aaaaaaaaaaaa", "123456789012", "password1234", "qwertyuiop12",
				"sofia@test.local", "sofia.sofia.1", "1234567890")) {
			var response = admin.post("/api/users/",
					Map.of("email", "sofia@test.local", "name", "Sofia", "password", password, "role", "AGENT"));

			assertThat(response.status()).as(password).isEqualTo(400);
			assertThat(response.json().get("errors").findValuesAsString("field")).as(password)
				.containsExactly("password");
		}
		assertThat(admin.get("/api/users/").json().findValuesAsString("email")).doesNotContain("sofia@test.local");

		ApiClient agent = newAgent("hugo@test.local");
		var own = agent.post("/api/auth/password/",
				Map.of("current_password", "agent-password-1", "new_password", "hugo@test.local"));
		assertThat(own.status()).isEqualTo(400);
		assertThat(own.json().get("errors").findValuesAsString("field")).containsExactly("new_password");
		var reset = admin.patch("/api/users/" + userId(agent) + "/", Map.of("password", "iloveyou1234"));
		assertThat(reset.status()).isEqualTo(400);
		assertThat(reset.json().get("errors").findValuesAsString("field")).containsExactly("password");
		assertThat(signIn(anonymous(), "hugo@test.local", "agent-password-1").status()).isEqualTo(200);
	}

	@Test
	void behindAnHttpsProxyTheSessionCookieIsSecureAndHstsIsSent() {
		var viaHttps = signIn(anonymous().withHeader("X-Forwarded-Proto", "https"), ADMIN_EMAIL, ADMIN_PASSWORD);
		assertThat(viaHttps.status()).isEqualTo(200);
		assertThat(sessionCookie(viaHttps)).contains("Secure").contains("HttpOnly");
		assertThat(viaHttps.headers()).containsKey("strict-transport-security");

		var plain = signIn(anonymous(), ADMIN_EMAIL, ADMIN_PASSWORD);
		assertThat(sessionCookie(plain)).doesNotContain("Secure");
		assertThat(plain.headers()).doesNotContainKey("strict-transport-security");
	}

	@Test
	void theDashboardMayNotBeFramedNorRunScriptsFromElsewhere() {
		var page = anonymous().getAccepting("/leads", "text/html");

		String policy = page.headers().get("content-security-policy").get(0);
		assertThat(policy).contains("script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'")
			.doesNotContain("unsafe-eval");
	}

	private static ApiClient.ApiResponse signIn(ApiClient client, String email, String password) {
		return client.post("/api/auth/login/", Map.of("email", email, "password", password));
	}

	private static String sessionCookie(ApiClient.ApiResponse response) {
		return response.headers().getOrDefault("set-cookie", List.of()).stream()
			.filter(cookie -> cookie.startsWith("SESSION=")).findFirst().orElseThrow();
	}

}
