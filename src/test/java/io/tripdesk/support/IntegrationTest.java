package io.tripdesk.support;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * Base of the tests that run the whole application on a random port against its own database on the
 * embedded PostgreSQL, and talk to it over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
				"tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD })
@Import(TestClock.Configuration.class)
public abstract class IntegrationTest {

	public static final String ADMIN_EMAIL = "admin@test.local";

	public static final String ADMIN_PASSWORD = "admin-password-1";

	@LocalServerPort
	protected int port;

	/** The application's clock; a test may move it forward, and it is back to the system's after each test. */
	@Autowired
	protected TestClock clock;

	@AfterEach
	protected void putTheClockBack() {
		clock.reset();
	}

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

	/** The first of the user's notifications of this type, waiting up to 5 s for it (they are made after commit). */
	protected static JsonNode awaitNotification(ApiClient client, String type) {
		Instant deadline = Instant.now().plusSeconds(5);
		while (Instant.now().isBefore(deadline)) {
			for (JsonNode notification : client.get("/api/notifications/").json().get("results")) {
				if (notification.get("type").asString().equals(type)) {
					return notification;
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return fail("no " + type + " notification within 5 s");
	}

	protected long userId(ApiClient client) {
		return client.get("/api/auth/me/").json().get("id").asLong();
	}

}
