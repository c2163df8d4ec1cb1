package io.tripdesk.shared.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries on the classpath, with a persistent data directory.
 * Starting it first stops a postmaster that a killed JVM left running on the same directory.
 * <p>
 * Only this machine reaches it, over TCP on 127.0.0.1 (no Unix socket), and only with the superuser's
 * password: generated when the cluster is created, kept owner-only in {@value #PASSWORD_FILE} inside the
 * data directory, never logged. A cluster created before passwords (trusting every local connection)
 * gets one at its first start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	/** Whether a commit the server acknowledged survives a power cut or an OS crash. */
	public enum Durability {

		/** fsync and full-page writes on: what the application runs with. */
		DURABLE,

		/** Nothing forced to disk, so a crash may lose or corrupt the data: for tests only. */
		FAST

	}

	static final String PASSWORD_FILE = "tripdesk-superuser.password";

	private static final String USER = "postgres";

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	/** Written at every start, so that nothing but the superuser's password gets in. */
	private static final String PASSWORD_ONLY_HBA = """
			# Written by Tripdesk at every start of its embedded PostgreSQL; edits here are lost.
			host all all 127.0.0.1/32 scram-sha-256
			""";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final String password;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
		this.postgres = postgres;
		this.password = password;
	}

	public static EmbeddedPostgresServer start(Path dataDirectory, int port, Durability durability) {
		try {
			Path dataDir = dataDirectory.toAbsolutePath().normalize();
			Files.createDirectories(dataDir);
			stopLeftoverPostmaster(dataDir);
			Path passwordFile = dataDir.resolve(PASSWORD_FILE);
			EmbeddedPostgresServer server;
			// zonky runs initdb when, and only when, there is no postgresql.conf
			if (Files.exists(dataDir.resolve("postgresql.conf"))) {
				if (!Files.exists(passwordFile)) {
					setPassword(dataDir, port, durability);
				}
				String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
				server = new EmbeddedPostgresServer(builder(dataDir, port, durability, password)
					.setDataDirectoryCustomizer(hba(PASSWORD_ONLY_HBA))
					.start(), password);
			}
			else {
				server = initialise(dataDir, port, durability);
			}
			log.info("Embedded PostgreSQL started port={} dataDir={} durability={}", server.port(), dataDir,
					durability);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	public int port() {
		return postgres.getPort();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
	}

	public String user() {
		return USER;
	}

	/** The superuser's password: for the connection pool only, never for a log. */
	public String password() {
		return password;
	}

	@Override
	public void close() {
		try {
			postgres.close();
			log.info("Embedded PostgreSQL stopped");
		}
		catch (IOException ex) {
			log.warn("Embedded PostgreSQL did not stop cleanly", ex);
		}
	}

	/**
	 * A new cluster: password authentication from the start, and UTF-8 text whose letters, case and
	 * order are Unicode's (PostgreSQL's builtin C.UTF-8), whatever the locales of the machine.
	 */
	private static EmbeddedPostgresServer initialise(Path dataDir, int port, Durability durability)
			throws IOException {
		String password = newPassword();
		Path pwfile = Files.createTempFile("tripdesk-pg-", ".password", OWNER_ONLY);
		try {
			Files.writeString(pwfile, password, StandardCharsets.UTF_8);
			EmbeddedPostgres postgres = builder(dataDir, port, durability, password)
				// zonky passes these to initdb as --name=value, after its own "-A trust -E UTF-8"
				.setLocaleConfig("auth", "scram-sha-256")
				.setLocaleConfig("pwfile", pwfile.toString())
				.setLocaleConfig("locale", "C")
				.setLocaleConfig("locale-provider", "builtin")
				.setLocaleConfig("builtin-locale", "C.UTF-8")
				.setDataDirectoryCustomizer(hba(PASSWORD_ONLY_HBA).andThen(directory -> {
					try {
						writePasswordFile(directory.toPath(), password);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}))
				.start();
			return new EmbeddedPostgresServer(postgres, password);
		}
		finally {
			Files.deleteIfExists(pwfile);
		}
	}

	/**
	 * A cluster made before passwords, or that lost its password file: started once more with the
	 * superuser trusted over 127.0.0.1, it gets a new password, and the password file is written only
	 * once the password is set (a crash in between repeats this at the next start). The normal start
	 * that follows ends every connection made meanwhile.
	 */
	private static void setPassword(Path dataDir, int port, Durability durability) throws IOException {
		String password = newPassword();
		try (EmbeddedPostgres trusting = builder(dataDir, port, durability, password)
			.setDataDirectoryCustomizer(hba("host all postgres 127.0.0.1/32 trust\n"))
			.start(); Connection connection = trusting.getPostgresDatabase().getConnection()) {
			// The driver sends the SCRAM verifier, never the password itself.
			connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set the embedded PostgreSQL's password", ex);
		}
		// zonky gives the shutdown five seconds; the start that follows must not find this server still up.
		stopLeftoverPostmaster(dataDir);
		writePasswordFile(dataDir, password);
		log.info("Embedded PostgreSQL now requires a password passwordFile={}", dataDir.resolve(PASSWORD_FILE));
	}

	private static EmbeddedPostgres.Builder builder(Path dataDir, int port, Durability durability, String password) {
		String durable = durability == Durability.DURABLE ? "on" : "off";
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPGStartupWait(Duration.ofSeconds(30))
			// zonky connects with it to see that the server is up
			.setConnectConfig("password", password)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("unix_socket_directories", "")
			.setServerConfig("max_connections", "200")
			.setServerConfig("shared_buffers", "256MB")
			// zonky starts PostgreSQL with -F (fsync off); these options follow it, so they win
			.setServerConfig("fsync", durable)
			.setServerConfig("full_page_writes", durable)
			// A webhook is acknowledged once its inbox row is committed: the commit waits for the WAL.
			.setServerConfig("synchronous_commit", "on");
		if (port > 0) {
			builder.setPort(port);
		}
		return builder;
	}

	private static Consumer<File> hba(String rules) {
		return directory -> {
			try {
				Files.writeString(directory.toPath().resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static String newPassword() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		// URL-safe Base64: nothing that a properties line, a URL or SQL would need to escape
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/** Owner-only, and complete or absent even after a crash: forced to disk before it takes its name. */
	private static void writePasswordFile(Path dataDir, String password) throws IOException {
		Path temporary = Files.createTempFile(dataDir, PASSWORD_FILE, ".tmp", OWNER_ONLY);
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(password.getBytes(StandardCharsets.UTF_8)));
			channel.force(true);
		}
		Files.move(temporary, dataDir.resolve(PASSWORD_FILE), StandardCopyOption.ATOMIC_MOVE);
	}

	/** A JVM killed with -9 leaves its postmaster running, and the next start would fail on postmaster.pid. */
	private static void stopLeftoverPostmaster(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
			.findFirst()
			.map(String::trim)
			.filter(line -> line.matches("\\d+"))
			.flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
			.filter(process -> process.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
		if (postmaster.isEmpty()) {
			Files.deleteIfExists(pidFile);
			return;
		}
		ProcessHandle process = postmaster.get();
		log.warn("Stopping a leftover embedded PostgreSQL pid={} dataDir={}", process.pid(), dataDir);
		process.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
		try {
			process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
		Files.deleteIfExists(pidFile);
	}

}
