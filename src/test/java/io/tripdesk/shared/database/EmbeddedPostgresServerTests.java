package io.tripdesk.shared.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.tripdesk.shared.database.EmbeddedPostgresServer.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The embedded PostgreSQL on its own: who gets in, and what text a new cluster holds. */
class EmbeddedPostgresServerTests {

	@TempDir
	Path dir;

	@Test
	void onlyTheSuperusersPasswordGetsInAndOnlyFromThisMachine() throws SQLException {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, Durability.FAST)) {
			String url = server.jdbcUrl("postgres");
			Properties noPassword = new Properties();
			noPassword.setProperty("user", server.user());
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager.getConnection(url, noPassword));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(url, server.user(), "not-the-password"))
				.extracting(SQLException::getSQLState)
				.isEqualTo("28P01");
			try (Connection connection = DriverManager.getConnection(url, server.user(), server.password())) {
				assertThat(value(connection, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
				assertThat(value(connection, "SHOW unix_socket_directories")).isEmpty();
			}
		}
	}

	@Test
	void thePasswordIsKeptOwnerOnlyWithTheDataAndLetsTheNextStartIn() throws IOException, SQLException {
		Path dataDir = dir.resolve("pg");
		String password;
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, Durability.FAST)) {
			password = server.password();
		}
		Path passwordFile = dataDir.resolve(EmbeddedPostgresServer.PASSWORD_FILE);
		assertThat(Files.readString(passwordFile)).isEqualTo(password);
		assertThat(Files.getPosixFilePermissions(passwordFile)).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
		assertThat(Files.getPosixFilePermissions(dataDir)).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE,
				OWNER_EXECUTE);
		try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0, Durability.FAST);
				Connection connection = DriverManager.getConnection(again.jdbcUrl("postgres"), again.user(),
						again.password())) {
			assertThat(again.password()).isEqualTo(password);
			assertThat(value(connection, "SELECT current_user")).isEqualTo("postgres");
		}
	}

	@Test
	void aNewClusterKnowsEveryLanguagesLettersWhateverTheMachinesLocale() throws SQLException {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, Durability.FAST);
				Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(),
						server.password())) {
			assertThat(value(connection, "SELECT 'García' ~ '^[[:alpha:]]+$'")).isEqualTo("t");
			assertThat(value(connection, "SELECT upper('garcía')")).isEqualTo("GARCÍA");
			assertThat(value(connection, "SELECT concat_ws(' ', pg_encoding_to_char(encoding), datlocprovider, "
					+ "datlocale) FROM pg_database WHERE datname = current_database()"))
				.isEqualTo("UTF8 b C.UTF-8");
		}
	}

	private static String value(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
