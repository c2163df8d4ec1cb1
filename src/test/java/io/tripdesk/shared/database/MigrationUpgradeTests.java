package io.tripdesk.shared.database;

import java.io.IOException;
import java.sql.ResultSetMetaData;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tripdesk.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static io.tripdesk.shared.database.RepresentativeData.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every migration runs over data: a database is migrated to each version on the classpath, filled with rows
 * valid at that version ({@link RepresentativeData}), and migrated to the latest. Every row must then still be
 * there as it was, unless a later migration deliberately drops, empties or rewrites it ({@link #DELIBERATE}).
 * A new migration is covered as it is added: the versions and the tables are read, not listed.
 */
class MigrationUpgradeTests {

	private static final String LOCATION = "classpath:db/migration";

	/** What later migrations do to rows written before them, on purpose. */
	private static final List<Deliberate> DELIBERATE = List.of(
			// the rollups gained columns whose values only a rebuild can give; the start-up rebuild refills them
			new Deliberate("14", "analytics_lead", Effect.EMPTIED, null),
			new Deliberate("14", "analytics_cohort", Effect.EMPTIED, null),
			new Deliberate("14", "analytics_activity", Effect.EMPTIED, null),
			new Deliberate("14", "analytics_lead_activity", Effect.EMPTIED, null),
			// a personal event's payload moved into personal, keyed by its recipient (whose column went)
			new Deliberate("28", "live_event", Effect.REWRITTEN, "payload"),
			// the search's narrow table, replaced by lead_search_term
			new Deliberate("33", "lead_search", Effect.DROPPED, null));

	static Stream<String> versions() throws IOException {
		Pattern versioned = Pattern.compile("V([0-9._]+)__.*\\.sql");
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources(LOCATION + "/**/*.sql");
		return Arrays.stream(scripts)
			.map(script -> versioned.matcher(script.getFilename()))
			.filter(Matcher::matches)
			.map(matcher -> MigrationVersion.fromVersion(matcher.group(1)))
			.sorted()
			.map(MigrationVersion::getVersion);
	}

	@ParameterizedTest(name = "data written at V{0}")
	@MethodSource("versions")
	void rowsWrittenAtAnyVersionAreAllThereAfterTheUpgradeToTheLatest(String version) {
		String url = TestDatabase.newDatabase();
		MigrateResult toVersion = flyway(url).target(version).load().migrate();
		assertThat(toVersion.targetSchemaVersion).isEqualTo(version);
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, TestDatabase.user(),
				TestDatabase.password(), true);
		try {
			JdbcClient jdbc = JdbcClient.create(dataSource);
			RepresentativeData.fill(jdbc);
			Snapshot before = Snapshot.of(jdbc);
			assertThat(before.rows()).allSatisfy((table, rows) -> assertThat(rows).as("rows in %s", table).isNotEmpty());

			MigrateResult toLatest = flyway(url).load().migrate();
			assertThat(toLatest.success).isTrue();

			Snapshot after = Snapshot.of(jdbc);
			before.rows().keySet().forEach(table -> assertKept(version, table, before, after));
			if (before.rows().containsKey("lead")) {
				assertEveryLeadIsSearchable(jdbc);
			}
		}
		finally {
			dataSource.destroy();
		}
	}

	private static void assertKept(String version, String table, Snapshot before, Snapshot after) {
		Deliberate deliberate = DELIBERATE.stream()
			.filter(change -> change.table().equals(table))
			.filter(change -> MigrationVersion.fromVersion(version)
				.compareTo(MigrationVersion.fromVersion(change.version())) < 0)
			.findFirst()
			.orElse(null);
		if (deliberate != null && deliberate.effect() == Effect.DROPPED) {
			assertThat(after.rows()).as("V%s drops %s", deliberate.version(), table).doesNotContainKey(table);
			return;
		}
		assertThat(after.rows()).as("%s is kept", table).containsKey(table);
		if (deliberate != null && deliberate.effect() == Effect.EMPTIED) {
			assertThat(after.rows().get(table)).as("V%s empties %s", deliberate.version(), table).isEmpty();
			return;
		}
		Set<String> compared = new LinkedHashSet<>(before.columns().get(table));
		compared.retainAll(after.columns().get(table));
		if (deliberate != null) {
			compared.remove(deliberate.column());
		}
		assertThat(after.project(table, compared)).as("rows of %s, compared by %s", table, compared)
			.containsExactlyInAnyOrderElementsOf(before.project(table, compared));
	}

	/** The search reads lead_search_term, which V33 built from the leads it found: leads from before are found too. */
	private static void assertEveryLeadIsSearchable(JdbcClient jdbc) {
		assertThat(jdbc.sql("""
				SELECT count(*) FROM lead, lead_search_terms(name, email, phone_e164) AS wanted (term)
				 WHERE NOT EXISTS (SELECT 1 FROM lead_search_term AS entry
				                    WHERE entry.term = wanted.term AND entry.lead_id = lead.id
				                      AND entry.created_at = lead.created_at)
				""").query(Long.class).single()).as("terms of leads missing from lead_search_term").isZero();
		List<Long> accented = jdbc.sql("SELECT id FROM lead WHERE name LIKE '%Ñúñez%'").query(Long.class).list();
		assertThat(accented).isNotEmpty();
		assertThat(jdbc.sql("SELECT lead_id FROM lead_search_term WHERE term = 'ñúñez'").query(Long.class).list())
			.containsExactlyInAnyOrderElementsOf(accented);
	}

	/** As the application runs them: spring.flyway.locations, Flyway's defaults otherwise (no placeholders used). */
	private static FluentConfiguration flyway(String url) {
		return Flyway.configure().dataSource(url, TestDatabase.user(), TestDatabase.password()).locations(LOCATION);
	}

	/** Every table's columns and rows, each value as PostgreSQL prints it. */
	private record Snapshot(Map<String, Set<String>> columns, Map<String, List<Map<String, String>>> rows) {

		static Snapshot of(JdbcClient jdbc) {
			Map<String, Set<String>> columns = new TreeMap<>();
			jdbc.sql("""
					SELECT table_name, column_name FROM information_schema.columns
					 WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
					   AND table_name IN (SELECT table_name FROM information_schema.tables
					                       WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
					 ORDER BY table_name, ordinal_position
					""").query(rs -> {
				columns.computeIfAbsent(rs.getString(1), table -> new LinkedHashSet<>()).add(rs.getString(2));
			});
			Map<String, List<Map<String, String>>> rows = new TreeMap<>();
			columns.keySet().forEach(table -> rows.put(table, jdbc.sql("SELECT * FROM " + quote(table)).query((rs, i) -> {
				ResultSetMetaData meta = rs.getMetaData();
				Map<String, String> row = new TreeMap<>();
				for (int column = 1; column <= meta.getColumnCount(); column++) {
					row.put(meta.getColumnName(column), rs.getString(column));
				}
				return row;
			}).list()));
			return new Snapshot(columns, rows);
		}

		List<Map<String, String>> project(String table, Set<String> kept) {
			return rows.get(table).stream().map(row -> {
				Map<String, String> projected = new TreeMap<>(row);
				projected.keySet().retainAll(kept);
				return projected;
			}).sorted(Comparator.comparing(Map::toString)).toList();
		}

	}

	private enum Effect {

		DROPPED, EMPTIED, REWRITTEN

	}

	/** A migration (version) that drops, empties or rewrites a column of a table it found with rows. */
	private record Deliberate(String version, String table, Effect effect, String column) {
	}

}
