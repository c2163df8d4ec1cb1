package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rollups' writes. A lead's figures always sit under its current dimensions: when the lead changes,
 * its cohort count and its activity move with it.
 */
@Repository
class RollupStore {

	private final JdbcClient jdbc;

	RollupStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A lead's dimensions; unassigned, no trip and no ad are 0, 0 and '', so they can be part of a key. The
	 * furthest stage it reached and its bookings so far travel with it from cohort cell to cohort cell.
	 */
	record LeadDimensions(long leadId, LocalDate createdDay, String source, long assignedTo, long tripId, String stage,
			boolean won, BigDecimal expectedValue, String adId, @Nullable String adHeadline, @Nullable String adSourceUrl,
			String reachedStage, BigDecimal revenue, long bookings) {

		/**
		 * Amounts in cents, as the columns keep them: a lead's copy read back (0.00) then equals the one made
		 * from the lead (0), and a lead that did not change is not moved.
		 */
		LeadDimensions {
			expectedValue = expectedValue.setScale(2, RoundingMode.HALF_UP);
			revenue = revenue.setScale(2, RoundingMode.HALF_UP);
		}

		boolean sameCell(LeadDimensions other) {
			return source.equals(other.source) && assignedTo == other.assignedTo && tripId == other.tripId;
		}

	}

	/** Records a domain event as counted; false when it was counted before (a redelivery). */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean firstTime(String eventKey) {
		return jdbc.sql("INSERT INTO analytics_applied_event (event_key) VALUES (?) ON CONFLICT DO NOTHING")
			.param(eventKey).update() == 1;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Optional<LeadDimensions> lockLead(long leadId) {
		jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(leadId).query(Object.class).single();
		// FOR UPDATE also waits for a rebuild in progress, so the copy read here is not the one it replaces.
		return jdbc.sql("SELECT * FROM analytics_lead WHERE lead_id = ? FOR UPDATE").param(leadId)
			.query((rs, row) -> new LeadDimensions(rs.getLong("lead_id"), rs.getObject("created_day", LocalDate.class),
					rs.getString("source"), rs.getLong("assigned_to"), rs.getLong("trip_id"), rs.getString("stage"),
					rs.getBoolean("won"), rs.getBigDecimal("expected_value"), rs.getString("ad_id"), rs.getString("ad_headline"),
					rs.getString("ad_source_url"), rs.getString("reached_stage"), rs.getBigDecimal("revenue"),
					rs.getLong("bookings")))
			.optional();
	}

	/** Moves a lead from what the rollups knew to what it is now (either may be absent). */
	@Transactional(propagation = Propagation.MANDATORY)
	void moveLead(Optional<LeadDimensions> before, Optional<LeadDimensions> after) {
		if (before.equals(after)) {
			return;
		}
		before.ifPresent(old -> addCohort(old, -1, old.expectedValue().negate(), old.revenue().negate(), -old.bookings()));
		after.ifPresent(now -> addCohort(now, 1, now.expectedValue(), now.revenue(), now.bookings()));
		boolean cellChanged = before.isPresent() && (after.isEmpty() || !before.get().sameCell(after.get()));
		if (cellChanged) {
			LeadDimensions old = before.get();
			for (var activity : activityOf(old.leadId())) {
				addActivityCell(activity.day(), activity.metric(), old, activity.amount().negate());
				after.ifPresent(now -> addActivityCell(activity.day(), activity.metric(), now, activity.amount()));
			}
		}
		if (after.isPresent()) {
			LeadDimensions now = after.get();
			jdbc.sql("""
					INSERT INTO analytics_lead (lead_id, created_day, source, assigned_to, trip_id, stage, won, expected_value,
					                            ad_id, ad_headline, ad_source_url, reached_stage, revenue, bookings)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (lead_id) DO UPDATE SET created_day = EXCLUDED.created_day, source = EXCLUDED.source,
					    assigned_to = EXCLUDED.assigned_to, trip_id = EXCLUDED.trip_id, stage = EXCLUDED.stage,
					    won = EXCLUDED.won,
					    expected_value = EXCLUDED.expected_value, ad_id = EXCLUDED.ad_id, ad_headline = EXCLUDED.ad_headline,
					    ad_source_url = EXCLUDED.ad_source_url, reached_stage = EXCLUDED.reached_stage,
					    revenue = EXCLUDED.revenue, bookings = EXCLUDED.bookings""")
				.params(now.leadId(), now.createdDay(), now.source(), now.assignedTo(), now.tripId(), now.stage(),
						now.won(), now.expectedValue(), now.adId(), now.adHeadline(), now.adSourceUrl(), now.reachedStage(),
						now.revenue(), now.bookings())
				.update();
		}
		else {
			long leadId = before.get().leadId();
			for (String table : List.of("analytics_lead", "analytics_lead_activity", "analytics_message",
					"analytics_response_cycle")) {
				jdbc.sql("DELETE FROM " + table + " WHERE lead_id = ?").param(leadId).update();
			}
		}
	}

	/** Counts activity of a lead on a day, under the lead's current dimensions. */
	@Transactional(propagation = Propagation.MANDATORY)
	void addActivity(LeadDimensions lead, LocalDate day, String metric, BigDecimal amount) {
		jdbc.sql("""
				INSERT INTO analytics_lead_activity (lead_id, day, metric, amount) VALUES (?, ?, ?, ?)
				ON CONFLICT (lead_id, day, metric) DO UPDATE SET amount = analytics_lead_activity.amount + EXCLUDED.amount""")
			.params(lead.leadId(), day, metric, amount).update();
		addActivityCell(day, metric, lead, amount);
	}

	/** A booking of the lead was confirmed (count 1) or a confirmed one cancelled (count -1, negative amount). */
	@Transactional(propagation = Propagation.MANDATORY)
	void addBooking(LeadDimensions lead, BigDecimal amount, long count) {
		jdbc.sql("UPDATE analytics_lead SET revenue = revenue + ?, bookings = bookings + ? WHERE lead_id = ?")
			.params(amount, count, lead.leadId()).update();
		addCohort(lead, 0, BigDecimal.ZERO, amount, count);
	}

	/**
	 * Notes what an event told about a message; {@code at} (its creation) may come after a status. Flags only
	 * ever turn on, so events in any order, or twice, end the same.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void recordMessage(long leadId, long messageId, @Nullable Instant at, boolean inbound, boolean byPerson,
			boolean delivered, boolean read) {
		jdbc.sql("""
				INSERT INTO analytics_message (lead_id, message_id, at, direction, by_person, delivered, read)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (lead_id, message_id) DO UPDATE SET at = coalesce(analytics_message.at, EXCLUDED.at),
				    by_person = analytics_message.by_person OR EXCLUDED.by_person,
				    delivered = analytics_message.delivered OR EXCLUDED.delivered,
				    read = analytics_message.read OR EXCLUDED.read""")
			.params(leadId, messageId, at == null ? null : Timestamp.from(at), inbound ? "in" : "out", byPerson,
					delivered, read)
			.update();
	}

	/** The lead's messages whose creation is known, in order. */
	@Transactional(propagation = Propagation.MANDATORY)
	List<ConversationFigures.Message> messagesOf(long leadId) {
		return jdbc.sql("""
				SELECT message_id, at, direction, by_person, delivered, read FROM analytics_message
				 WHERE lead_id = ? AND at IS NOT NULL ORDER BY at, message_id""")
			.param(leadId)
			.query((rs, row) -> new ConversationFigures.Message(rs.getLong("message_id"),
					rs.getTimestamp("at").toInstant(), rs.getString("direction").equals("in"), rs.getBoolean("by_person"),
					rs.getBoolean("delivered"), rs.getBoolean("read")))
			.list();
	}

	/** Replaces the lead's conversations and engagement figures with a recomputation, moving only the difference. */
	@Transactional(propagation = Propagation.MANDATORY)
	void replaceConversation(LeadDimensions lead, ConversationFigures figures) {
		List<ConversationFigures.Cycle> cycles = jdbc.sql("""
				SELECT opened_at, replied_at, response_seconds FROM analytics_response_cycle
				 WHERE lead_id = ? ORDER BY opened_at""")
			.param(lead.leadId())
			.query((rs, row) -> new ConversationFigures.Cycle(rs.getTimestamp("opened_at").toInstant(),
					rs.getTimestamp("replied_at") == null ? null : rs.getTimestamp("replied_at").toInstant(),
					rs.getObject("response_seconds", Long.class)))
			.list();
		if (!cycles.equals(figures.cycles())) {
			jdbc.sql("DELETE FROM analytics_response_cycle WHERE lead_id = ?").param(lead.leadId()).update();
			for (ConversationFigures.Cycle cycle : figures.cycles()) {
				jdbc.sql("""
						INSERT INTO analytics_response_cycle (lead_id, opened_at, replied_at, response_seconds)
						VALUES (?, ?, ?, ?)""")
					.params(lead.leadId(), Timestamp.from(cycle.openedAt()),
							cycle.repliedAt() == null ? null : Timestamp.from(cycle.repliedAt()), cycle.responseSeconds())
					.update();
			}
		}
		Map<ConversationFigures.DayMetric, Long> before = new HashMap<>();
		jdbc.sql("SELECT day, metric, amount FROM analytics_lead_activity WHERE lead_id = ? AND metric LIKE 'wa\\_%'")
			.param(lead.leadId())
			.query((rs, row) -> before.put(
					new ConversationFigures.DayMetric(rs.getObject("day", LocalDate.class), rs.getString("metric")),
					rs.getLong("amount")))
			.list();
		Set<ConversationFigures.DayMetric> keys = new HashSet<>(before.keySet());
		keys.addAll(figures.amounts().keySet());
		for (ConversationFigures.DayMetric key : keys) {
			long delta = figures.amounts().getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
			if (delta != 0) {
				addActivity(lead, key.day(), key.metric(), BigDecimal.valueOf(delta));
			}
		}
	}

	private record Activity(LocalDate day, String metric, BigDecimal amount) {
	}

	private List<Activity> activityOf(long leadId) {
		return jdbc.sql("SELECT day, metric, amount FROM analytics_lead_activity WHERE lead_id = ?").param(leadId)
			.query((rs, row) -> new Activity(rs.getObject("day", LocalDate.class), rs.getString("metric"),
					rs.getBigDecimal("amount")))
			.list();
	}

	/** One cell of the cohort rollup (and of its slices): what a lead's figures are counted under. */
	private record CohortCell(LocalDate createdDay, String source, long assignedTo, long tripId, String stage,
			String reachedStage, String adId, boolean won) {

		static CohortCell of(LeadDimensions lead) {
			return new CohortCell(lead.createdDay(), lead.source(), lead.assignedTo(), lead.tripId(), lead.stage(),
					lead.reachedStage(), lead.adId(), lead.won());
		}

	}

	private record CohortDelta(long leads, BigDecimal value, BigDecimal revenue, long bookings) {

		CohortDelta plus(CohortDelta other) {
			return new CohortDelta(leads + other.leads, value.add(other.value), revenue.add(other.revenue),
					bookings + other.bookings);
		}

		boolean isZero() {
			return leads == 0 && bookings == 0 && value.signum() == 0 && revenue.signum() == 0;
		}

	}

	/** One cell of the activity rollup (and of its slices). */
	private record ActivityCell(LocalDate day, String metric, String source, long assignedTo, long tripId) {
	}

	/**
	 * The transaction's increments of the shared cells, merged per cell (a lead that moves is a minus and a
	 * plus) and appended to the cells' deltas just before the commit. The cells themselves are updated only
	 * by {@link #flushCells}: every lead created or message received today lands in the same few cells,
	 * and an updated row stays locked until its transaction ends, so listeners updating them directly
	 * waited for each other.
	 */
	private static final class SharedCellWrites implements TransactionSynchronization {

		private final Map<CohortCell, CohortDelta> cohort = new HashMap<>();

		private final Map<ActivityCell, BigDecimal> activity = new HashMap<>();

		private final RollupStore store;

		private SharedCellWrites(RollupStore store) {
			this.store = store;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			cohort.forEach((cell, delta) -> {
				if (!delta.isZero()) {
					store.writeCohort(cell, delta);
				}
			});
			activity.forEach((cell, amount) -> {
				if (amount.signum() != 0) {
					store.writeActivity(cell, amount);
				}
			});
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResource(store);
		}

	}

	private SharedCellWrites sharedCellWrites() {
		SharedCellWrites writes = (SharedCellWrites) TransactionSynchronizationManager.getResource(this);
		if (writes == null) {
			writes = new SharedCellWrites(this);
			TransactionSynchronizationManager.bindResource(this, writes);
			TransactionSynchronizationManager.registerSynchronization(writes);
		}
		return writes;
	}

	private void addCohort(LeadDimensions lead, long leads, BigDecimal value, BigDecimal revenue, long bookings) {
		sharedCellWrites().cohort.merge(CohortCell.of(lead), new CohortDelta(leads, value, revenue, bookings),
				CohortDelta::plus);
	}

	private void addActivityCell(LocalDate day, String metric, LeadDimensions lead, BigDecimal amount) {
		sharedCellWrites().activity.merge(new ActivityCell(day, metric, lead.source(), lead.assignedTo(), lead.tripId()),
				amount, BigDecimal::add);
	}

	private void writeCohort(CohortCell cell, CohortDelta delta) {
		jdbc.sql("""
				INSERT INTO analytics_cohort_delta (day, source, assigned_to, trip_id, stage, reached_stage, ad_id, leads,
				                                    value, revenue, bookings)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(cell.createdDay(), cell.source(), cell.assignedTo(), cell.tripId(), cell.stage(), cell.reachedStage(),
					cell.adId(), delta.leads(), delta.value(), delta.revenue(), delta.bookings())
			.update();
		jdbc.sql("""
				INSERT INTO analytics_cohort_slice_delta (filter, dim, day, key, stage, leads, won, value, revenue, bookings)
				SELECT filter, dim, :day, key, stage, :leads, :won, :value, :revenue, :bookings
				  FROM (VALUES (''), ('source:' || :source), ('assigned_to:' || :assignee),
				               ('source:' || :source || ' assigned_to:' || :assignee)) filters (filter),
				       (VALUES ('all', '', :stage), ('source', :source, ''), ('assigned_to', :assignee, ''),
				               ('reached_stage', :reached, ''), ('ad_id', :ad, '')) slice (dim, key, stage)""")
			.param("day", cell.createdDay()).param("stage", cell.stage()).param("leads", delta.leads())
			.param("won", cell.won() ? delta.leads() : 0).param("value", delta.value())
			.param("revenue", delta.revenue()).param("bookings", delta.bookings()).param("source", cell.source())
			.param("assignee", String.valueOf(cell.assignedTo())).param("reached", cell.reachedStage())
			.param("ad", cell.adId())
			.update();
	}

	private void writeActivity(ActivityCell cell, BigDecimal amount) {
		jdbc.sql("INSERT INTO analytics_activity_delta (day, metric, source, assigned_to, trip_id, amount) "
				+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(cell.day(), cell.metric(), cell.source(), cell.assignedTo(), cell.tripId(), amount).update();
		jdbc.sql("""
				INSERT INTO analytics_activity_slice_delta (filter, dim, day, key, metric, amount)
				SELECT filter, dim, :day, key, :metric, :amount
				  FROM (VALUES (''), ('source:' || :source), ('assigned_to:' || :assignee),
				               ('source:' || :source || ' assigned_to:' || :assignee)) filters (filter),
				       (VALUES ('all', ''), ('assigned_to', :assignee)) slice (dim, key)""")
			.param("day", cell.day()).param("metric", cell.metric()).param("amount", amount).param("source", cell.source())
			.param("assignee", String.valueOf(cell.assignedTo()))
			.update();
	}

	/**
	 * Adds the pending increments to the shared cells and deletes them, in one statement per table, so each
	 * is added exactly once; returns how many cells changed. One node at a time: another node's flusher skips.
	 */
	@Transactional
	int flushCells() {
		boolean mine = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('tripdesk-analytics-cell-flush'))")
			.query(Boolean.class).single();
		if (!mine) {
			return 0;
		}
		int added = 0;
		for (SharedCells cells : SharedCells.ALL) {
			added += jdbc.sql(cells.flushSql()).update();
		}
		return added;
	}

	/**
	 * A table of shared cells: its key and its summed columns. Its increments wait in {@code <name>_delta},
	 * whose columns are the same; a rollup's true figures are the cells plus what waits there.
	 */
	record SharedCells(String name, List<String> keys, List<String> sums) {

		static final List<SharedCells> ALL = List.of(
				new SharedCells("analytics_cohort",
						List.of("day", "source", "assigned_to", "trip_id", "stage", "reached_stage", "ad_id"),
						List.of("leads", "value", "revenue", "bookings")),
				new SharedCells("analytics_activity", List.of("day", "metric", "source", "assigned_to", "trip_id"),
						List.of("amount")),
				new SharedCells("analytics_cohort_slice", List.of("filter", "dim", "day", "key", "stage"),
						List.of("leads", "won", "value", "revenue", "bookings")),
				new SharedCells("analytics_activity_slice", List.of("filter", "dim", "day", "key", "metric"),
						List.of("amount")));

		static Optional<SharedCells> of(String table) {
			return ALL.stream().filter(cells -> cells.name().equals(table)).findFirst();
		}

		String delta() {
			return name + "_delta";
		}

		/** The cells with the increments not yet added: what the rollup says, one row per key. */
		String withPendingSql() {
			String keyList = String.join(", ", keys);
			String columns = keyList + ", " + String.join(", ", sums);
			return "SELECT " + keyList + ", " + summed() + " FROM (SELECT " + columns + " FROM " + name
					+ " UNION ALL SELECT " + columns + " FROM " + delta() + ") AS cells GROUP BY " + keyList;
		}

		/** In key order, so that flushers never wait for each other in a cycle. */
		private String flushSql() {
			String keyList = String.join(", ", keys);
			String updates = String.join(", ", sums.stream()
				.map(column -> column + " = " + name + "." + column + " + EXCLUDED." + column).toList());
			return "WITH moved AS (DELETE FROM " + delta() + " RETURNING *) INSERT INTO " + name + " (" + keyList + ", "
					+ String.join(", ", sums) + ") SELECT " + keyList + ", " + summed() + " FROM moved GROUP BY "
					+ keyList + " ORDER BY " + keyList + " ON CONFLICT (" + keyList + ") DO UPDATE SET " + updates;
		}

		private String summed() {
			return String.join(", ", sums.stream().map(column -> "sum(" + column + ") AS " + column).toList());
		}

	}

}
