package io.tripdesk.support;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every application started in the tests at a fresh database on the test JVM's embedded
 * PostgreSQL, unless the test set {@code tripdesk.db.url} itself (two nodes on one database).
 */
class TestDatabaseEnvironment implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("tripdesk.db.url")) {
			return;
		}
		environment.getPropertySources().addFirst(new MapPropertySource("tripdesk-test-database",
				Map.of("tripdesk.db.url", TestDatabase.newDatabase(), "tripdesk.db.user",
						TestDatabase.server().user(), "tripdesk.db.password", TestDatabase.server().password(),
						// The test context cache keeps every context's pool open on the one server: smaller pools.
						"tripdesk.db.max-pool-size", "10")));
	}

}
