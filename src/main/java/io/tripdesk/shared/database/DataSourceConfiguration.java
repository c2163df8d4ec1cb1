package io.tripdesk.shared.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one data source: an external PostgreSQL when {@code tripdesk.db.url} is set, otherwise the
 * {@link EmbeddedDatabase}, which stops after this pool because the pool depends on it.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
		HikariDataSource dataSource = new HikariDataSource();
		if (properties.embedded()) {
			EmbeddedPostgresServer server = embedded.server();
			dataSource.setJdbcUrl(server.jdbcUrl("postgres"));
			dataSource.setUsername(server.user());
			dataSource.setPassword(server.password());
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

}
