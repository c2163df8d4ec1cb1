package io.tripdesk.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that run the whole application on a random port against its own database on the
 * embedded PostgreSQL, and talk to it over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
				"tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD })
public abstract class IntegrationTest {

	public static final String ADMIN_EMAIL = "admin@test.local";

	public static final String ADMIN_PASSWORD = "admin-password-1";

	@LocalServerPort
	protected int port;

	protected ApiClient anonymous() {
		return new ApiClient(port);
	}

	protected ApiClient admin() {
		return new ApiClient(port).login(ADMIN_EMAIL, ADMIN_PASSWORD);
	}

	/** Creates an agent (through the admin API) and returns it signed in. */
	protected ApiClient newAgent(String email) {
		var created = admin().post("/api/users/",
				java.util.Map.of("email", email, "name", email.substring(0, email.indexOf('@')), "password",
						"agent-password-1", "role", "AGENT"));
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create agent " + email + ": " + created.text());
		}
		return new ApiClient(port).login(email, "agent-password-1");
	}

	protected long userId(ApiClient client) {
		return client.get("/api/auth/me/").json().get("id").asLong();
	}

}
