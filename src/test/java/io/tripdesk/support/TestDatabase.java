package io.tripdesk.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.tripdesk.shared.database.EmbeddedPostgresServer;
import io.tripdesk.shared.database.EmbeddedPostgresServer.Durability;
import org.springframework.boot.SpringApplication;

/**
 * One embedded PostgreSQL per test JVM; each application context gets a database of its own, so that
 * contexts do not see each other's rows.
 */
public final class TestDatabase {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgresServer server;

	private TestDatabase() {
	}

	public static synchronized EmbeddedPostgresServer server() {
		if (server == null) {
			try {
				Path dataDir = Files.createTempDirectory("tripdesk-test-pg");
				// Test data need not survive a crash: nothing is forced to disk.
				server = EmbeddedPostgresServer.start(dataDir, 0, Durability.FAST);
				// Stopped after every Spring context has closed, not by a racing JVM shutdown hook.
				SpringApplication.getShutdownHandlers().add(server::close);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return server;
	}

	/** The user the tests' databases belong to. */
	public static String user() {
		return server().user();
	}

	/** That user's password. */
	public static String password() {
		return server().password();
	}

	/** Creates an empty database and returns its JDBC URL (as {@link #user()}, with {@link #password()}). */
	public static String newDatabase() {
		String name = "tripdesk_test_" + databases.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(server().jdbcUrl("postgres"), server().user(),
				server().password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return server().jdbcUrl(name);
	}

}
