package io.tripdesk.analytics.internal;

import java.time.ZoneId;

import io.tripdesk.shared.AgencyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the rollups from the raw tables, and checks the event-fed rollups against such a
 * recomputation. The one place analytics reads other modules' tables: it is the proof that the rollups
 * tell the truth, and the way back when data arrived without events (an import, the demo data).
 */
@Component
class AnalyticsRebuild {

	private static final Logger log = LoggerFactory.getLogger(AnalyticsRebuild.class);

	private static final String[] ROLLUPS = { "analytics_lead", "analytics_cohort", "analytics_activity",
			"analytics_lead_activity" };

	private final JdbcClient jdbc;

	private final ZoneId zone;

	/** One snapshot for the raw side and the rollup side of every comparison. */
	private final TransactionTemplate snapshot;

	AnalyticsRebuild(JdbcClient jdbc, AgencyProperties agency, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.zone = agency.timeZone();
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	record Result(long leads, long cohortRows, long activityRows, long differencesBefore) {
	}

	/**
	 * Replaces the rollups with a recomputation; returns how far the old ones were off (0: they were right).
	 * The rollups are locked meanwhile, so events arriving during the rebuild wait and then apply on top.
	 */
	Result rebuild() {
		return snapshot.execute(status -> rebuildInTransaction());
	}

	private Result rebuildInTransaction() {
		jdbc.sql("LOCK TABLE analytics_lead, analytics_cohort, analytics_activity, analytics_lead_activity "
				+ "IN EXCLUSIVE MODE").update();
		long differences = differencesFromRaw();
		for (String table : ROLLUPS) {
			jdbc.sql("DELETE FROM " + table).update();
			jdbc.sql("INSERT INTO " + table + " SELECT * FROM raw_" + table).update();
		}
		Result result = new Result(count("analytics_lead"), count("analytics_cohort"), count("analytics_activity"),
				differences);
		log.info("Analytics rebuilt from the raw tables leads={} differencesBefore={}", result.leads(), differences);
		return result;
	}

	record Verification(long differences, java.util.List<String> examples) {
	}

	/**
	 * How many rollup rows differ from a recomputation from the raw tables (0: the rollups are exact), with
	 * examples. One snapshot for both sides, so events being applied meanwhile cannot fake a difference.
	 */
	Verification verify() {
		return snapshot.execute(status -> verifyInTransaction());
	}

	private Verification verifyInTransaction() {
		long differences = differencesFromRaw();
		java.util.List<String> examples = new java.util.ArrayList<>();
		for (String table : ROLLUPS) {
			String current = "SELECT * FROM " + table + nonZero(table);
			String raw = "SELECT * FROM raw_" + table + nonZero(table);
			examples.addAll(jdbc.sql("SELECT 'rollup " + table + ": ' || t::text FROM ((" + current + ") EXCEPT (" + raw
					+ ")) t LIMIT 5").query(String.class).list());
			examples.addAll(jdbc.sql("SELECT 'raw " + table + ": ' || t::text FROM ((" + raw + ") EXCEPT (" + current
					+ ")) t LIMIT 5").query(String.class).list());
		}
		return new Verification(differences, examples);
	}

	/** An empty set of rollups beside existing leads (a first start after an upgrade, or the demo data): rebuild. */
	@EventListener(ApplicationReadyEvent.class)
	void rebuildIfMissing() {
		boolean empty = jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM analytics_lead)").query(Boolean.class).single();
		boolean haveLeads = jdbc.sql("SELECT EXISTS (SELECT 1 FROM lead)").query(Boolean.class).single();
		if (empty && haveLeads) {
			rebuild();
		}
	}

	private long differencesFromRaw() {
		recomputeIntoTemporaryTables();
		long differences = 0;
		for (String table : ROLLUPS) {
			String current = "SELECT * FROM " + table + nonZero(table);
			String raw = "SELECT * FROM raw_" + table + nonZero(table);
			differences += count("((" + current + ") EXCEPT (" + raw + ")) a");
			differences += count("((" + raw + ") EXCEPT (" + current + ")) b");
		}
		return differences;
	}

	private static String nonZero(String table) {
		return switch (table) {
			case "analytics_cohort" -> " WHERE leads <> 0 OR value <> 0";
			case "analytics_activity", "analytics_lead_activity" -> " WHERE amount <> 0";
			default -> "";
		};
	}

	private void recomputeIntoTemporaryTables() {
		for (String table : ROLLUPS) {
			jdbc.sql("DROP TABLE IF EXISTS raw_" + table).update();
			jdbc.sql("CREATE TEMPORARY TABLE raw_" + table + " (LIKE " + table + ") ON COMMIT DROP").update();
		}
		jdbc.sql("""
				INSERT INTO raw_analytics_lead
				SELECT id, (created_at AT TIME ZONE :zone)::date, source, coalesce(assigned_to, 0), coalesce(trip_id, 0),
				       stage, coalesce(expected_value, 0)
				  FROM lead""").param("zone", zone.getId()).update();
		jdbc.sql("""
				INSERT INTO raw_analytics_lead_activity
				SELECT lead_id, day, metric, sum(amount) FROM (
				    SELECT lead_id, (created_at AT TIME ZONE :zone)::date AS day,
				           CASE direction WHEN 'in' THEN 'messages_in' ELSE 'messages_out' END AS metric, 1 AS amount
				      FROM whatsapp_message WHERE direction = 'out' OR type <> 'reaction'
				    UNION ALL
				    SELECT e.lead_id, (e.created_at AT TIME ZONE :zone)::date,
				           CASE WHEN s.is_won THEN 'won' ELSE 'lost' END, 1
				      FROM lead_event e JOIN pipeline_stage s ON s.key = e.payload->>'to'
				     WHERE e.type = 'stage_changed' AND (s.is_won OR s.is_lost)
				    UNION ALL
				    SELECT lead_id, (confirmed_at AT TIME ZONE :zone)::date, 'revenue', amount
				      FROM booking WHERE status = 'confirmed'
				    UNION ALL
				    SELECT lead_id, (confirmed_at AT TIME ZONE :zone)::date, 'bookings', 1
				      FROM booking WHERE status = 'confirmed') activity
				 GROUP BY lead_id, day, metric""").param("zone", zone.getId()).update();
		jdbc.sql("""
				INSERT INTO raw_analytics_cohort
				SELECT created_day, source, assigned_to, trip_id, stage, count(*), sum(expected_value)
				  FROM raw_analytics_lead GROUP BY created_day, source, assigned_to, trip_id, stage""").update();
		jdbc.sql("""
				INSERT INTO raw_analytics_activity
				SELECT a.day, l.source, l.assigned_to, l.trip_id, a.metric, sum(a.amount)
				  FROM raw_analytics_lead_activity a JOIN raw_analytics_lead l ON l.lead_id = a.lead_id
				 GROUP BY a.day, l.source, l.assigned_to, l.trip_id, a.metric""").update();
	}

	private long count(String from) {
		return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
	}

}
