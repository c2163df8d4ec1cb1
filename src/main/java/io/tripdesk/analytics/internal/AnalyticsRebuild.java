package io.tripdesk.analytics.internal;

import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.tripdesk.shared.AgencyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
			"analytics_lead_activity", "analytics_message", "analytics_response_cycle", "analytics_cohort_slice",
			"analytics_activity_slice" };

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final ZoneId zone;

	private final ResponseTimes responseTimes;

	private final RollupStore rollups;

	/** One snapshot for the raw side and the rollup side of every comparison. */
	private final TransactionTemplate snapshot;

	AnalyticsRebuild(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AgencyProperties agency, ResponseTimes responseTimes,
			RollupStore rollups, PlatformTransactionManager transactions) {
		this.rollups = rollups;
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.zone = agency.timeZone();
		this.responseTimes = responseTimes;
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
		List<String> locked = new ArrayList<>(List.of(ROLLUPS));
		RollupStore.SharedCells.ALL.forEach(cells -> locked.add(cells.delta()));
		jdbc.sql("LOCK TABLE " + String.join(", ", locked) + " IN EXCLUSIVE MODE").update();
		long differences = differencesFromRaw();
		// What waits to be added is in the raw tables already.
		RollupStore.SharedCells.ALL.forEach(cells -> jdbc.sql("DELETE FROM " + cells.delta()).update());
		for (String table : ROLLUPS) {
			jdbc.sql("DELETE FROM " + table).update();
			jdbc.sql("INSERT INTO " + table + " SELECT * FROM raw_" + table + physicalOrder(table)).update();
		}
		Result result = new Result(count("analytics_lead"), count("analytics_cohort"), count("analytics_activity"),
				differences);
		log.info("Analytics rebuilt from the raw tables leads={} differencesBefore={}", result.leads(), differences);
		return result;
	}

	/**
	 * @param pendingIncrements increments of the shared cells not yet added to them (counted in the comparison);
	 *     the charts show them within a second
	 */
	record Verification(long differences, long pendingIncrements, List<String> examples) {
	}

	/**
	 * How many rollup rows differ from a recomputation from the raw tables (0: the rollups are exact), with
	 * examples. The pending increments are added to the cells first; the comparison then takes one snapshot
	 * for both sides, so events being applied meanwhile cannot fake a difference.
	 */
	Verification verify() {
		rollups.flushCells();
		return snapshot.execute(status -> verifyInTransaction());
	}

	private Verification verifyInTransaction() {
		long differences = differencesFromRaw();
		List<String> examples = new ArrayList<>();
		for (String table : ROLLUPS) {
			String current = current(table);
			String raw = raw(table);
			examples.addAll(jdbc.sql("SELECT 'rollup " + table + ": ' || t::text FROM ((" + current + ") EXCEPT (" + raw
					+ ")) t LIMIT 5").query(String.class).list());
			examples.addAll(jdbc.sql("SELECT 'raw " + table + ": ' || t::text FROM ((" + raw + ") EXCEPT (" + current
					+ ")) t LIMIT 5").query(String.class).list());
		}
		long pending = 0;
		for (RollupStore.SharedCells cells : RollupStore.SharedCells.ALL) {
			pending += count(cells.delta());
		}
		return new Verification(differences, pending, examples);
	}

	/**
	 * An empty set of rollups beside existing leads (a first start after an upgrade, or generated data):
	 * rebuild, in the background, so that a large database does not hold up the start.
	 */
	@Async
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
			String current = current(table);
			String raw = raw(table);
			differences += count("((" + current + ") EXCEPT (" + raw + ")) a");
			differences += count("((" + raw + ") EXCEPT (" + current + ")) b");
		}
		return differences;
	}

	/**
	 * Written in key order, a range of days of one slice sits on few pages: ten times fewer page reads for the
	 * dashboard than rows scattered by the grouping (the slices' fill factor keeps later updates on their page).
	 */
	private static String physicalOrder(String table) {
		return switch (table) {
			case "analytics_cohort_slice" -> " ORDER BY filter, dim, day, key, stage";
			case "analytics_activity_slice" -> " ORDER BY filter, dim, day, key, metric";
			case "analytics_cohort" -> " ORDER BY day, source, assigned_to, trip_id, stage, reached_stage, ad_id";
			case "analytics_activity" -> " ORDER BY day, metric, source, assigned_to, trip_id";
			default -> "";
		};
	}

	/** What the rollup says: for shared cells, with the increments still waiting to be added. */
	private static String current(String table) {
		String rows = RollupStore.SharedCells.of(table).map(cells -> "(" + cells.withPendingSql() + ") AS " + table)
			.orElse(table);
		return "SELECT * FROM " + rows + nonZero(table);
	}

	/** The recomputation, in the columns' order of {@link #current}. */
	private static String raw(String table) {
		String rows = RollupStore.SharedCells.of(table)
			.map(cells -> "(SELECT " + String.join(", ", cells.keys()) + ", " + String.join(", ", cells.sums())
					+ " FROM raw_" + table + ") AS " + table)
			.orElse("raw_" + table);
		return "SELECT * FROM " + rows + nonZero(table);
	}

	private static String nonZero(String table) {
		return switch (table) {
			case "analytics_cohort" -> " WHERE leads <> 0 OR value <> 0 OR revenue <> 0 OR bookings <> 0";
			case "analytics_cohort_slice" -> " WHERE leads <> 0 OR won <> 0 OR value <> 0 OR revenue <> 0 OR bookings <> 0";
			case "analytics_activity", "analytics_lead_activity", "analytics_activity_slice" -> " WHERE amount <> 0";
			default -> "";
		};
	}

	private void recomputeIntoTemporaryTables() {
		for (String table : ROLLUPS) {
			jdbc.sql("DROP TABLE IF EXISTS raw_" + table).update();
			jdbc.sql("CREATE TEMPORARY TABLE raw_" + table + " (LIKE " + table + ") ON COMMIT DROP").update();
		}
		// The furthest open or won stage a lead has been in: its stage now and every stage change's ends.
		jdbc.sql("""
				INSERT INTO raw_analytics_lead (lead_id, created_day, source, assigned_to, trip_id, stage, won, expected_value,
				                                ad_id, ad_headline, ad_source_url, reached_stage, revenue, bookings)
				WITH open_stage AS (SELECT key, position FROM pipeline_stage WHERE NOT is_lost),
				seen AS (SELECT id AS lead_id, stage AS key FROM lead
				         UNION ALL SELECT lead_id, payload->>'from' FROM lead_event WHERE type = 'stage_changed'
				         UNION ALL SELECT lead_id, payload->>'to' FROM lead_event WHERE type = 'stage_changed'),
				reached AS (SELECT DISTINCT ON (seen.lead_id) seen.lead_id, seen.key FROM seen JOIN open_stage USING (key)
				             ORDER BY seen.lead_id, open_stage.position DESC, seen.key DESC),
				booked AS (SELECT lead_id, sum(amount) AS revenue, count(*) AS bookings FROM booking
				            WHERE status = 'confirmed' GROUP BY lead_id)
				SELECT l.id, (l.created_at AT TIME ZONE :zone)::date, l.source, coalesce(l.assigned_to, 0),
				       coalesce(l.trip_id, 0), l.stage, l.stage IN (SELECT key FROM pipeline_stage WHERE is_won),
				       coalesce(l.expected_value, 0), coalesce(l.ad_id, ''),
				       l.referral->>'headline', l.referral->>'source_url',
				       coalesce(reached.key, (SELECT key FROM open_stage ORDER BY position, key LIMIT 1)),
				       coalesce(booked.revenue, 0), coalesce(booked.bookings, 0)
				  FROM lead l LEFT JOIN reached ON reached.lead_id = l.id LEFT JOIN booked ON booked.lead_id = l.id""")
			.param("zone", zone.getId()).update();
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
				INSERT INTO raw_analytics_message (lead_id, message_id, at, direction, by_person, delivered, read)
				SELECT lead_id, id, created_at, direction, by_person, status IN ('delivered', 'read', 'played'),
				       status IN ('read', 'played')
				  FROM whatsapp_message WHERE direction = 'out' OR type <> 'reaction'""").update();
		recomputeConversations();
		jdbc.sql("""
				INSERT INTO raw_analytics_cohort (day, source, assigned_to, trip_id, stage, reached_stage, ad_id, leads, value,
				                                  revenue, bookings)
				SELECT created_day, source, assigned_to, trip_id, stage, reached_stage, ad_id, count(*), sum(expected_value),
				       sum(revenue), sum(bookings)
				  FROM raw_analytics_lead GROUP BY created_day, source, assigned_to, trip_id, stage, reached_stage, ad_id""")
			.update();
		jdbc.sql("""
				INSERT INTO raw_analytics_activity
				SELECT a.day, l.source, l.assigned_to, l.trip_id, a.metric, sum(a.amount)
				  FROM raw_analytics_lead_activity a JOIN raw_analytics_lead l ON l.lead_id = a.lead_id
				 GROUP BY a.day, l.source, l.assigned_to, l.trip_id, a.metric""").update();
		jdbc.sql("""
				INSERT INTO raw_analytics_cohort_slice (filter, dim, day, key, stage, leads, won, value, revenue, bookings)
				SELECT filters.filter, slice.dim, l.created_day, slice.key, slice.stage, count(*),
				       count(*) FILTER (WHERE l.won), sum(l.expected_value), sum(l.revenue), sum(l.bookings)
				  FROM raw_analytics_lead l,
				       LATERAL (VALUES (''), ('source:' || l.source), ('assigned_to:' || l.assigned_to),
				                       ('source:' || l.source || ' assigned_to:' || l.assigned_to)) filters (filter),
				       LATERAL (VALUES ('all', '', l.stage), ('source', l.source, ''), ('assigned_to', l.assigned_to::text, ''),
				                       ('reached_stage', l.reached_stage, ''), ('ad_id', l.ad_id, '')) slice (dim, key, stage)
				 GROUP BY filters.filter, slice.dim, l.created_day, slice.key, slice.stage""").update();
		jdbc.sql("""
				INSERT INTO raw_analytics_activity_slice (filter, dim, day, key, metric, amount)
				SELECT filters.filter, slice.dim, a.day, slice.key, a.metric, sum(a.amount)
				  FROM raw_analytics_activity a,
				       LATERAL (VALUES (''), ('source:' || a.source), ('assigned_to:' || a.assigned_to),
				                       ('source:' || a.source || ' assigned_to:' || a.assigned_to)) filters (filter),
				       LATERAL (VALUES ('all', ''), ('assigned_to', a.assigned_to::text)) slice (dim, key)
				 GROUP BY filters.filter, slice.dim, a.day, slice.key, a.metric""").update();
	}

	/** Conversations and engagement per lead, computed the same way as from the events, lead by lead. */
	private void recomputeConversations() {
		List<ConversationFigures.Message> messages = new ArrayList<>();
		Batches batches = new Batches();
		long[] current = { -1 };
		jdbc.sql("""
				SELECT m.* FROM raw_analytics_message m JOIN raw_analytics_lead l USING (lead_id)
				 ORDER BY m.lead_id, m.at, m.message_id""")
			// Read through a cursor: millions of messages would not fit in memory at once.
			.withFetchSize(10_000)
			.query((RowCallbackHandler) rs -> {
				long leadId = rs.getLong("lead_id");
				if (leadId != current[0]) {
					writeConversation(current[0], messages, batches);
					messages.clear();
					current[0] = leadId;
				}
				messages.add(new ConversationFigures.Message(rs.getLong("message_id"), rs.getTimestamp("at").toInstant(),
						rs.getString("direction").equals("in"), rs.getBoolean("by_person"), rs.getBoolean("delivered"),
						rs.getBoolean("read")));
			});
		writeConversation(current[0], messages, batches);
		batches.flush();
	}

	/** Rows for the recomputed tables, written in batches. */
	private final class Batches {

		private static final int SIZE = 5000;

		private final List<Object[]> cycles = new ArrayList<>();

		private final List<Object[]> activity = new ArrayList<>();

		void add(List<Object[]> rows, Object[] row) {
			rows.add(row);
			if (rows.size() >= SIZE) {
				flush();
			}
		}

		void flush() {
			jdbcTemplate.batchUpdate("INSERT INTO raw_analytics_response_cycle VALUES (?, ?, ?, ?)", cycles);
			jdbcTemplate.batchUpdate("INSERT INTO raw_analytics_lead_activity VALUES (?, ?, ?, ?)", activity);
			cycles.clear();
			activity.clear();
		}

	}

	private void writeConversation(long leadId, List<ConversationFigures.Message> messages, Batches batches) {
		if (messages.isEmpty()) {
			return;
		}
		ConversationFigures figures = ConversationFigures.of(messages, responseTimes);
		for (ConversationFigures.Cycle cycle : figures.cycles()) {
			batches.add(batches.cycles, new Object[] { leadId, Timestamp.from(cycle.openedAt()),
					cycle.repliedAt() == null ? null : Timestamp.from(cycle.repliedAt()), cycle.responseSeconds() });
		}
		figures.amounts().forEach((key, amount) -> batches.add(batches.activity,
				new Object[] { leadId, key.day(), key.metric(), amount }));
	}

	private long count(String from) {
		return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
	}

}
