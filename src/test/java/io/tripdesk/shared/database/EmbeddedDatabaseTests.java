package io.tripdesk.shared.database;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tripdesk.TripdeskApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Tripdesk as `./mvnw spring-boot:run` starts it: no database configured, so its own PostgreSQL. */
class EmbeddedDatabaseTests {

	@TempDir
	Path dataDir;

	@Test
	void withNoDatabaseConfiguredTripdeskRunsItsOwnAndStopsItWhenItStops() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TripdeskApplication.class)
			.properties("server.port=0", "tripdesk.db.url=", "tripdesk.db.data-dir=" + dataDir,
					"tripdesk.admin.email=admin@tripdesk.local", "tripdesk.admin.password=embedded-admin-password")
			.run();
		try {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single())
				.isEqualTo(dataDir.toAbsolutePath().normalize().toString());
			assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
				.isPositive();
			assertThat(dataDir.resolve("postmaster.pid")).exists();
		}
		finally {
			context.close();
		}
		assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).as("postmaster stopped").isFalse();
	}

}
