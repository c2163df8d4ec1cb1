package io.tripdesk.shared.database;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one data source: an external PostgreSQL when {@code tripdesk.db.url} is set, otherwise an
 * embedded one whose lifetime is this application context's.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
		HikariDataSource dataSource = new HikariDataSource();
		if (properties.embedded()) {
			dataSource.setJdbcUrl(embedded.server().jdbcUrl("postgres"));
			dataSource.setUsername("postgres");
		}
		else {
			dataSource.setJdbcUrl(properties.url());
			dataSource.setUsername(properties.user());
			dataSource.setPassword(properties.password());
		}
		dataSource.setPoolName("tripdesk");
		dataSource.setMaximumPoolSize(properties.maxPoolSize());
		return dataSource;
	}

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
		return properties.embedded() ? EmbeddedDatabase.start(properties) : EmbeddedDatabase.none();
	}

	/** Holds the embedded server, if any, so that it stops after the pool that uses it. */
	static final class EmbeddedDatabase implements AutoCloseable {

		private final @Nullable EmbeddedPostgresServer server;

		private EmbeddedDatabase(@Nullable EmbeddedPostgresServer server) {
			this.server = server;
		}

		static EmbeddedDatabase start(DatabaseProperties properties) {
			return new EmbeddedDatabase(EmbeddedPostgresServer.start(properties.dataDir(), properties.embeddedPort()));
		}

		static EmbeddedDatabase none() {
			return new EmbeddedDatabase(null);
		}

		EmbeddedPostgresServer server() {
			if (server == null) {
				throw new IllegalStateException("No embedded PostgreSQL: tripdesk.db.url is set");
			}
			return server;
		}

		@Override
		public void close() {
			if (server != null) {
				server.close();
			}
		}

	}

}
