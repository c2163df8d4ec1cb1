package io.tripdesk.shared.database;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The embedded PostgreSQL of an application context, when {@code tripdesk.db.url} is not set. It starts
 * as the context is prepared, on a thread of its own, so that its start (a second or more, longer after
 * a crash) overlaps Spring's instead of following it; the data source waits for it. It stops with the
 * context, after the pool that uses it.
 */
final class EmbeddedDatabase implements AutoCloseable {

	private final @Nullable CompletableFuture<EmbeddedPostgresServer> server;

	/** Set once the context holds this as a bean and so will close it; until then a JVM exit does. */
	private final AtomicBoolean ownedByContext = new AtomicBoolean();

	private EmbeddedDatabase(@Nullable CompletableFuture<EmbeddedPostgresServer> server) {
		this.server = server;
	}

	/** Registered in {@code META-INF/spring.factories}: starts the server and makes it a bean. */
	static final class Starter implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			DatabaseProperties properties = Binder.get(context.getEnvironment())
				.bindOrCreate("tripdesk.db", DatabaseProperties.class);
			EmbeddedDatabase database = properties.embedded() ? startInBackground(properties) : new EmbeddedDatabase(null);
			((GenericApplicationContext) context).registerBean("embeddedDatabase", EmbeddedDatabase.class, () -> {
				database.ownedByContext.set(true);
				return database;
			}, definition -> definition.setDestroyMethodName("close"));
		}

	}

	private static EmbeddedDatabase startInBackground(DatabaseProperties properties) {
		CompletableFuture<EmbeddedPostgresServer> starting = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				starting.complete(EmbeddedPostgresServer.start(properties.dataDir(), properties.embeddedPort(),
						EmbeddedPostgresServer.Durability.DURABLE));
			}
			catch (Throwable ex) {
				starting.completeExceptionally(ex);
			}
		}, "embedded-postgres-start");
		thread.setDaemon(true);
		thread.start();
		EmbeddedDatabase database = new EmbeddedDatabase(starting);
		// A context that fails before it takes the bean would otherwise leave the postmaster running.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (!database.ownedByContext.get()) {
				database.close();
			}
		}, "embedded-postgres-stop"));
		return database;
	}

	/** Waits for the server to be up. */
	EmbeddedPostgresServer server() {
		if (server == null) {
			throw new IllegalStateException("No embedded PostgreSQL: tripdesk.db.url is set");
		}
		try {
			return server.join();
		}
		catch (CompletionException ex) {
			throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
		}
	}

	/** Stops the server, waiting for it to finish starting if it has not. */
	@Override
	public void close() {
		if (server != null) {
			server.thenAccept(EmbeddedPostgresServer::close).exceptionally(ex -> null).join();
		}
	}

}
