package io.tripdesk.support;

import io.tripdesk.TripdeskApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Tripdesk nodes a test starts itself, on a database it names: restarts and several nodes on one database. */
public final class TestNodes {

	private TestNodes() {
	}

	public static ConfigurableApplicationContext start(String databaseUrl, Class<?>... extraComponents) {
		return start(databaseUrl, new String[0], extraComponents);
	}

	/** A node with these properties ({@code name=value}) besides the test defaults. */
	public static ConfigurableApplicationContext start(String databaseUrl, String[] properties,
			Class<?>... extraComponents) {
		Class<?>[] sources = new Class<?>[extraComponents.length + 1];
		sources[0] = TripdeskApplication.class;
		System.arraycopy(extraComponents, 0, sources, 1, extraComponents.length);
		return new SpringApplicationBuilder(sources)
			.properties("server.port=0", "tripdesk.db.url=" + databaseUrl,
					"tripdesk.db.user=" + TestDatabase.server().user(),
					"tripdesk.db.password=" + TestDatabase.server().password(),
					"tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
					"tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD)
			.properties(properties)
			.run();
	}

	public static int port(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

}
