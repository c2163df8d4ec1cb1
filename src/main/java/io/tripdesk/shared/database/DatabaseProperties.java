package io.tripdesk.shared.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Tripdesk keeps its data. With no {@code url} (TRIPDESK_DB_URL) an embedded PostgreSQL is
 * started whose files live in {@code dataDir}, so the data survives restarts.
 */
@ConfigurationProperties("tripdesk.db")
public record DatabaseProperties(
		@Nullable String url,
		@Nullable String user,
		@Nullable String password,
		@DefaultValue("./data/pg") Path dataDir,
		@DefaultValue("0") int embeddedPort,
		@DefaultValue("20") int maxPoolSize) {

	public boolean embedded() {
		return url == null || url.isBlank();
	}

}
