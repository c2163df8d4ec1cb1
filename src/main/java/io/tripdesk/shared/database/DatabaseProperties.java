package io.tripdesk.shared.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Tripdesk keeps its data. With no {@code url} (TRIPDESK_DB_URL) an embedded PostgreSQL is
 * started whose files live in {@code dataDir}, so the data survives restarts.
 *
 * @param maxPoolSize connections in the pool. The background workers can hold up to 22 at once (event
 *     listeners 8, live listeners 4, webhook inbox 4, scheduler 4, sending 2); the rest are the requests'
 */
@ConfigurationProperties("tripdesk.db")
public record DatabaseProperties(
		@Nullable String url,
		@Nullable String user,
		@Nullable String password,
		@DefaultValue("./data/pg") Path dataDir,
		@DefaultValue("0") int embeddedPort,
		@DefaultValue("30") int maxPoolSize) {

	public boolean embedded() {
		return url == null || url.isBlank();
	}

}
