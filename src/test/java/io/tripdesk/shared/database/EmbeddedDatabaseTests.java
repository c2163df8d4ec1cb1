package io.tripdesk.shared.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import io.tripdesk.TripdeskApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Tripdesk as `./mvnw spring-boot:run` starts it: no database configured, so its own PostgreSQL. */
class EmbeddedDatabaseTests {

	@TempDir
	Path dir;

	@Test
	void withNoDatabaseConfiguredTripdeskRunsItsOwnDurablyAndStopsItWhenItStops() {
		Path dataDir = dir.resolve("pg");
		ConfigurableApplicationContext context = start(dataDir);
		try {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single())
				.isEqualTo(dataDir.toAbsolutePath().normalize().toString());
			assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
				.isPositive();
			assertThat(jdbc.sql("SELECT name, setting FROM pg_settings "
					+ "WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')")
				.query((rows, i) -> Map.entry(rows.getString(1), rows.getString(2)))
				.list()).containsExactlyInAnyOrder(Map.entry("fsync", "on"), Map.entry("full_page_writes", "on"),
						Map.entry("synchronous_commit", "on"));
			assertThat(dataDir.resolve("postmaster.pid")).exists();
		}
		finally {
			context.close();
		}
		assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).as("postmaster stopped").isFalse();
	}

	@Test
	void aDataDirectoryFromBeforePasswordsStillStartsAndFromThenOnRequiresThePassword() throws Exception {
		Path dataDir = dir.resolve("pg");
		// How Tripdesk created its cluster before: zonky's defaults, initdb -A trust.
		try (EmbeddedPostgres before = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start(); Connection connection = before.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE made_before_passwords");
		}
		try (ConfigurableApplicationContext context = start(dataDir)) {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT count(*) FROM pg_database WHERE datname = 'made_before_passwords'")
				.query(Long.class)
				.single()).isOne();
			assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
				.isPositive();
			EmbeddedPostgresServer server = context.getBean(EmbeddedDatabase.class).server();
			Properties noPassword = new Properties();
			noPassword.setProperty("user", server.user());
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), noPassword));
		}
		assertThat(Files.getPosixFilePermissions(dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE)))
			.containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
	}

	private static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(TripdeskApplication.class)
			.properties("server.port=0", "tripdesk.db.url=", "tripdesk.db.data-dir=" + dataDir,
					"tripdesk.admin.email=admin@tripdesk.local", "tripdesk.admin.password=embedded-admin-password")
			.run();
	}

}
