package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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
		return Optional.ofNullable(lockLeads(List.of(leadId)).get(leadId));
	}

	/**
	 * Locks the leads' rollups until the transaction ends, in id order (so that two listeners never wait for
	 * each other in a cycle), and returns the copies of those the rollups know. The advisory locks cover
	 * leads the rollups do not know yet too.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<Long, LeadDimensions> lockLeads(Collection<Long> leadIds) {
		Long[] ids = leadIds.stream().distinct().sorted().toArray(Long[]::new);
		jdbc.sql("SELECT count(pg_advisory_xact_lock(id)) FROM unnest(CAST(? AS bigint[])) AS id").param(ids)
			.query(Long.class).single();
		Map<Long, LeadDimensions> known = new HashMap<>();
		// FOR UPDATE also waits for a rebuild in progress, so the copies read here are not the ones it replaces.
		jdbc.sql("SELECT * FROM analytics_lead WHERE lead_id = ANY(CAST(? AS bigint[])) ORDER BY lead_id FOR UPDATE")
			.param(ids)
			.query((rs, row) -> new LeadDimensions(rs.getLong("lead_id"), rs.getObject("created_day", LocalDate.class),
					rs.getString("source"), rs.getLong("assigned_to"), rs.getLong("trip_id"), rs.getString("stage"),
					rs.getBoolean("won"), rs.getBigDecimal("expected_value"), rs.getString("ad_id"), rs.getString("ad_headline"),
					rs.getString("ad_source_url"), rs.getString("reached_stage"), rs.getBigDecimal("revenue"),
					rs.getLong("bookings")))
			.list().forEach(lead -> known.put(lead.leadId(), lead));
		return known;
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

	/** Activity of a lead on a day, to count under the lead's current dimensions. */
	record ActivityDelta(LeadDimensions lead, LocalDate day, String metric, BigDecimal amount) {
	}

	/** Counts activity of a lead on a day, under the lead's current dimensions. */
	@Transactional(propagation = Propagation.MANDATORY)
	void addActivity(LeadDimensions lead, LocalDate day, String metric, BigDecimal amount) {
		addActivities(List.of(new ActivityDelta(lead, day, metric, amount)));
	}

	/** Counts activities, with one statement for all the leads' rows. */
	@Transactional(propagation = Propagation.MANDATORY)
	void addActivities(List<ActivityDelta> activities) {
		// One row each: a statement may not change a row twice. In key order, the order rows are locked in.
		Map<LeadActivityKey, BigDecimal> summed = new TreeMap<>();
		for (ActivityDelta activity : activities) {
			summed.merge(new LeadActivityKey(activity.lead().leadId(), activity.day(), activity.metric()),
					activity.amount(), BigDecimal::add);
			addActivityCell(activity.day(), activity.metric(), activity.lead(), activity.amount());
		}
		if (summed.isEmpty()) {
			return;
		}
		List<LeadActivityKey> keys = List.copyOf(summed.keySet());
		jdbc.sql("""
				INSERT INTO analytics_lead_activity AS a (lead_id, day, metric, amount)
				SELECT * FROM unnest(CAST(:leads AS bigint[]), CAST(:days AS date[]), CAST(:metrics AS text[]),
				                     CAST(:amounts AS numeric[]))
				ON CONFLICT (lead_id, day, metric) DO UPDATE SET amount = a.amount + EXCLUDED.amount""")
			.param("leads", keys.stream().map(LeadActivityKey::leadId).toArray(Long[]::new))
			.param("days", keys.stream().map(key -> key.day().toString()).toArray(String[]::new))
			.param("metrics", keys.stream().map(LeadActivityKey::metric).toArray(String[]::new))
			.param("amounts", keys.stream().map(key -> summed.get(key).toPlainString()).toArray(String[]::new))
			.update();
	}

	private record LeadActivityKey(long leadId, LocalDate day, String metric) implements Comparable<LeadActivityKey> {

		private static final Comparator<LeadActivityKey> ORDER = Comparator.comparingLong(LeadActivityKey::leadId)
			.thenComparing(LeadActivityKey::day).thenComparing(LeadActivityKey::metric);

		@Override
		public int compareTo(LeadActivityKey other) {
			return ORDER.compare(this, other);
		}

	}

	/** A booking of the lead was confirmed (count 1) or a confirmed one cancelled (count -1, negative amount). */
	@Transactional(propagation = Propagation.MANDATORY)
	void addBooking(LeadDimensions lead, BigDecimal amount, long count) {
		jdbc.sql("UPDATE analytics_lead SET revenue = revenue + ?, bookings = bookings + ? WHERE lead_id = ?")
			.params(amount, count, lead.leadId()).update();
		addCohort(lead, 0, BigDecimal.ZERO, amount, count);
	}

	/**
	 * What a status told about one of the agency's messages: its creation ({@code at}, which may come after
	 * another status), who wrote it, and whether it was delivered or read.
	 */
	record OutboundNote(long leadId, long messageId, @Nullable Instant at, boolean byPerson, boolean delivered,
			boolean read) {

		OutboundNote and(OutboundNote other) {
			return new OutboundNote(leadId, messageId, at != null ? at : other.at, byPerson || other.byPerson,
					delivered || other.delivered, read || other.read);
		}

	}

	/**
	 * Notes what statuses told about the agency's messages, with one statement. Flags only ever turn on, so
	 * statuses in any order, or twice, end the same.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void recordOutbound(List<OutboundNote> notes) {
		// One row each (a statement may not change a row twice), in the order rows are locked in.
		Map<List<Long>, OutboundNote> byMessage = new TreeMap<>(
				Comparator.comparing((List<Long> key) -> key.get(0)).thenComparing(key -> key.get(1)));
		notes.forEach(note -> byMessage.merge(List.of(note.leadId(), note.messageId()), note, OutboundNote::and));
		List<OutboundNote> rows = List.copyOf(byMessage.values());
		jdbc.sql("""
				INSERT INTO analytics_message AS m (lead_id, message_id, at, direction, by_person, delivered, read)
				SELECT n.lead_id, n.message_id, n.at, 'out', n.by_person, n.delivered, n.read
				  FROM unnest(CAST(:leads AS bigint[]), CAST(:messages AS bigint[]), CAST(:ats AS timestamptz[]),
				              CAST(:byPerson AS boolean[]), CAST(:delivered AS boolean[]), CAST(:read AS boolean[]))
				       AS n(lead_id, message_id, at, by_person, delivered, read)
				ON CONFLICT (lead_id, message_id) DO UPDATE SET at = coalesce(m.at, EXCLUDED.at),
				    by_person = m.by_person OR EXCLUDED.by_person, delivered = m.delivered OR EXCLUDED.delivered,
				    read = m.read OR EXCLUDED.read""")
			.param("leads", rows.stream().map(OutboundNote::leadId).toArray(Long[]::new))
			.param("messages", rows.stream().map(OutboundNote::messageId).toArray(Long[]::new))
			.param("ats", rows.stream().map(note -> note.at() == null ? null : timestamp(note.at())).toArray(String[]::new))
			.param("byPerson", rows.stream().map(OutboundNote::byPerson).toArray(Boolean[]::new))
			.param("delivered", rows.stream().map(OutboundNote::delivered).toArray(Boolean[]::new))
			.param("read", rows.stream().map(OutboundNote::read).toArray(Boolean[]::new))
			.update();
	}

	/** A customer's message on a lead. */
	record InboundMessage(long leadId, long messageId, Instant at) {
	}

	/**
	 * Notes the customers' messages; returns the ids of those not noted before (only their creation notes an
	 * inbound message, so a redelivery is noted once).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Set<Long> recordInbound(List<InboundMessage> messages) {
		List<InboundMessage> rows = messages.stream()
			.sorted(Comparator.comparingLong(InboundMessage::leadId).thenComparingLong(InboundMessage::messageId)).toList();
		return new HashSet<>(jdbc.sql("""
				INSERT INTO analytics_message (lead_id, message_id, at, direction, by_person, delivered, read)
				SELECT lead_id, message_id, at, 'in', false, false, false
				  FROM unnest(CAST(:leads AS bigint[]), CAST(:messages AS bigint[]), CAST(:ats AS timestamptz[]))
				       AS m(lead_id, message_id, at)
				ON CONFLICT (lead_id, message_id) DO NOTHING RETURNING message_id""")
			.param("leads", rows.stream().map(InboundMessage::leadId).toArray(Long[]::new))
			.param("messages", rows.stream().map(InboundMessage::messageId).toArray(Long[]::new))
			.param("ats", rows.stream().map(row -> timestamp(row.at())).toArray(String[]::new))
			.query(Long.class).list());
	}

	/** The leads' messages whose creation is known, each lead's in order (time, then id). */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<Long, List<ConversationFigures.Message>> messagesOf(Collection<Long> leadIds) {
		Map<Long, List<ConversationFigures.Message>> messages = new HashMap<>();
		jdbc.sql("""
				SELECT lead_id, message_id, at, direction, by_person, delivered, read FROM analytics_message
				 WHERE lead_id = ANY(CAST(? AS bigint[])) AND at IS NOT NULL ORDER BY lead_id, at, message_id""")
			.param(leadIds.toArray(Long[]::new))
			.query(rs -> {
				messages.computeIfAbsent(rs.getLong("lead_id"), lead -> new ArrayList<>())
					.add(new ConversationFigures.Message(rs.getLong("message_id"), rs.getTimestamp("at").toInstant(),
							rs.getString("direction").equals("in"), rs.getBoolean("by_person"), rs.getBoolean("delivered"),
							rs.getBoolean("read")));
			});
		return messages;
	}

	/**
	 * Replaces the leads' conversations and engagement figures with a recomputation, moving only the
	 * difference; a few statements for all the leads.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void replaceConversations(Map<LeadDimensions, ConversationFigures> figures) {
		Long[] ids = figures.keySet().stream().map(LeadDimensions::leadId).sorted().toArray(Long[]::new);
		Map<Long, List<ConversationFigures.Cycle>> cyclesBefore = new HashMap<>();
		jdbc.sql("""
				SELECT lead_id, opened_at, replied_at, response_seconds FROM analytics_response_cycle
				 WHERE lead_id = ANY(CAST(? AS bigint[])) ORDER BY lead_id, opened_at""")
			.param(ids)
			.query(rs -> {
				cyclesBefore.computeIfAbsent(rs.getLong("lead_id"), lead -> new ArrayList<>())
					.add(new ConversationFigures.Cycle(rs.getTimestamp("opened_at").toInstant(),
							rs.getTimestamp("replied_at") == null ? null : rs.getTimestamp("replied_at").toInstant(),
							rs.getObject("response_seconds", Long.class)));
			});
		Map<Long, Map<ConversationFigures.DayMetric, Long>> amountsBefore = new HashMap<>();
		jdbc.sql("""
				SELECT lead_id, day, metric, amount FROM analytics_lead_activity
				 WHERE lead_id = ANY(CAST(? AS bigint[])) AND metric LIKE 'wa\\_%'""")
			.param(ids)
			.query(rs -> {
				amountsBefore.computeIfAbsent(rs.getLong("lead_id"), lead -> new HashMap<>())
					.put(new ConversationFigures.DayMetric(rs.getObject("day", LocalDate.class), rs.getString("metric")),
							rs.getLong("amount"));
			});
		Map<Long, List<ConversationFigures.Cycle>> changedCycles = new TreeMap<>();
		List<ActivityDelta> deltas = new ArrayList<>();
		figures.forEach((lead, now) -> {
			if (!now.cycles().equals(cyclesBefore.getOrDefault(lead.leadId(), List.of()))) {
				changedCycles.put(lead.leadId(), now.cycles());
			}
			Map<ConversationFigures.DayMetric, Long> before = amountsBefore.getOrDefault(lead.leadId(), Map.of());
			Set<ConversationFigures.DayMetric> keys = new HashSet<>(before.keySet());
			keys.addAll(now.amounts().keySet());
			for (ConversationFigures.DayMetric key : keys) {
				long delta = now.amounts().getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
				if (delta != 0) {
					deltas.add(new ActivityDelta(lead, key.day(), key.metric(), BigDecimal.valueOf(delta)));
				}
			}
		});
		replaceCycles(changedCycles);
		addActivities(deltas);
	}

	private void replaceCycles(Map<Long, List<ConversationFigures.Cycle>> cycles) {
		if (cycles.isEmpty()) {
			return;
		}
		jdbc.sql("DELETE FROM analytics_response_cycle WHERE lead_id = ANY(CAST(? AS bigint[]))")
			.param(cycles.keySet().toArray(Long[]::new)).update();
		List<Long> leads = new ArrayList<>();
		List<ConversationFigures.Cycle> rows = new ArrayList<>();
		cycles.forEach((lead, leadCycles) -> leadCycles.forEach(cycle -> {
			leads.add(lead);
			rows.add(cycle);
		}));
		if (rows.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO analytics_response_cycle (lead_id, opened_at, replied_at, response_seconds)
				SELECT * FROM unnest(CAST(:leads AS bigint[]), CAST(:opened AS timestamptz[]), CAST(:replied AS timestamptz[]),
				                     CAST(:seconds AS bigint[]))""")
			.param("leads", leads.toArray(Long[]::new))
			.param("opened", rows.stream().map(cycle -> timestamp(cycle.openedAt())).toArray(String[]::new))
			.param("replied", rows.stream().map(cycle -> cycle.repliedAt() == null ? null : timestamp(cycle.repliedAt()))
				.toArray(String[]::new))
			.param("seconds", rows.stream().map(ConversationFigures.Cycle::responseSeconds).toArray(Long[]::new))
			.update();
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
			cohort.values().removeIf(CohortDelta::isZero);
			activity.values().removeIf(amount -> amount.signum() == 0);
			store.writeCohort(cohort);
			store.writeActivity(activity);
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

	/** Appends the increments of cohort cells, and of their slices, with one statement each. */
	private void writeCohort(Map<CohortCell, CohortDelta> deltas) {
		if (deltas.isEmpty()) {
			return;
		}
		List<CohortCell> cells = List.copyOf(deltas.keySet());
		Map<String, Object[]> columns = Map.ofEntries(Map.entry("days", column(cells, cell -> cell.createdDay().toString())),
				Map.entry("sources", column(cells, CohortCell::source)),
				Map.entry("assignees", cells.stream().map(CohortCell::assignedTo).toArray(Long[]::new)),
				Map.entry("trips", cells.stream().map(CohortCell::tripId).toArray(Long[]::new)),
				Map.entry("stages", column(cells, CohortCell::stage)),
				Map.entry("reached", column(cells, CohortCell::reachedStage)), Map.entry("ads", column(cells, CohortCell::adId)),
				Map.entry("leads", cells.stream().map(cell -> deltas.get(cell).leads()).toArray(Long[]::new)),
				Map.entry("won", cells.stream().map(cell -> cell.won() ? deltas.get(cell).leads() : 0L).toArray(Long[]::new)),
				Map.entry("values", column(cells, cell -> deltas.get(cell).value().toPlainString())),
				Map.entry("revenues", column(cells, cell -> deltas.get(cell).revenue().toPlainString())),
				Map.entry("bookings", cells.stream().map(cell -> deltas.get(cell).bookings()).toArray(Long[]::new)));
		String input = """
				unnest(CAST(:days AS date[]), CAST(:sources AS text[]), CAST(:assignees AS bigint[]), CAST(:trips AS bigint[]),
				       CAST(:stages AS text[]), CAST(:reached AS text[]), CAST(:ads AS text[]), CAST(:leads AS bigint[]),
				       CAST(:won AS bigint[]), CAST(:values AS numeric[]), CAST(:revenues AS numeric[]),
				       CAST(:bookings AS bigint[]))
				    AS c(day, source, assigned_to, trip_id, stage, reached_stage, ad_id, leads, won, value, revenue, bookings)""";
		jdbc.sql("""
				INSERT INTO analytics_cohort_delta (day, source, assigned_to, trip_id, stage, reached_stage, ad_id, leads,
				                                    value, revenue, bookings)
				SELECT day, source, assigned_to, trip_id, stage, reached_stage, ad_id, leads, value, revenue, bookings
				  FROM\s""" + input).params(columns).update();
		jdbc.sql("""
				INSERT INTO analytics_cohort_slice_delta (filter, dim, day, key, stage, leads, won, value, revenue, bookings)
				SELECT filters.filter, slice.dim, c.day, slice.key, slice.stage, c.leads, c.won, c.value, c.revenue, c.bookings
				  FROM\s""" + input + """
				       CROSS JOIN LATERAL (VALUES (''), ('source:' || c.source), ('assigned_to:' || c.assigned_to),
				                                  ('source:' || c.source || ' assigned_to:' || c.assigned_to)) AS filters (filter)
				       CROSS JOIN LATERAL (VALUES ('all', '', c.stage), ('source', c.source, ''),
				                                  ('assigned_to', c.assigned_to::text, ''), ('reached_stage', c.reached_stage, ''),
				                                  ('ad_id', c.ad_id, '')) AS slice (dim, key, stage)""")
			.params(columns).update();
	}

	/** Appends the increments of activity cells, and of their slices, with one statement each. */
	private void writeActivity(Map<ActivityCell, BigDecimal> amounts) {
		if (amounts.isEmpty()) {
			return;
		}
		List<ActivityCell> cells = List.copyOf(amounts.keySet());
		Map<String, Object[]> columns = Map.of("days", column(cells, cell -> cell.day().toString()),
				"metrics", column(cells, ActivityCell::metric), "sources", column(cells, ActivityCell::source),
				"assignees", cells.stream().map(ActivityCell::assignedTo).toArray(Long[]::new),
				"trips", cells.stream().map(ActivityCell::tripId).toArray(Long[]::new),
				"amounts", column(cells, cell -> amounts.get(cell).toPlainString()));
		String input = """
				unnest(CAST(:days AS date[]), CAST(:metrics AS text[]), CAST(:sources AS text[]), CAST(:assignees AS bigint[]),
				       CAST(:trips AS bigint[]), CAST(:amounts AS numeric[]))
				    AS a(day, metric, source, assigned_to, trip_id, amount)""";
		jdbc.sql("INSERT INTO analytics_activity_delta (day, metric, source, assigned_to, trip_id, amount) "
				+ "SELECT day, metric, source, assigned_to, trip_id, amount FROM " + input).params(columns).update();
		jdbc.sql("""
				INSERT INTO analytics_activity_slice_delta (filter, dim, day, key, metric, amount)
				SELECT filters.filter, slice.dim, a.day, slice.key, a.metric, a.amount
				  FROM\s""" + input + """
				       CROSS JOIN LATERAL (VALUES (''), ('source:' || a.source), ('assigned_to:' || a.assigned_to),
				                                  ('source:' || a.source || ' assigned_to:' || a.assigned_to)) AS filters (filter)
				       CROSS JOIN LATERAL (VALUES ('all', ''), ('assigned_to', a.assigned_to::text)) AS slice (dim, key)""")
			.params(columns).update();
	}

	/**
	 * An instant as the raw tables hold it: whole microseconds, a half rounded up, as the JDBC driver stores a
	 * {@code Timestamp}. Sent as text, the nanoseconds of {@code Instant.now()} would be rounded by PostgreSQL,
	 * which rounds a half to even: one message in two thousand would sit a microsecond away from its raw row.
	 */
	private static String timestamp(Instant at) {
		return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
	}

	private static <T> String[] column(List<T> rows, Function<T, String> value) {
		return rows.stream().map(value).toArray(String[]::new);
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
