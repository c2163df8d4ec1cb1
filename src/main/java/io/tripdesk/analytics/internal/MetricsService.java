package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.PipelineStage;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.tasks.TaskManagement;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The dashboard's metrics for a range of days (inclusive, in the agency's time zone), each beside the
 * previous period of the same length. Reads only the rollups: thousands of rows, whatever the size of
 * the raw tables.
 */
@Service
class MetricsService {

	private final JdbcClient jdbc;

	private final LeadManagement leads;

	private final TaskManagement tasks;

	private final AgencyProperties agency;

	MetricsService(JdbcClient jdbc, LeadManagement leads, TaskManagement tasks, AgencyProperties agency) {
		this.jdbc = jdbc;
		this.leads = leads;
		this.tasks = tasks;
		this.agency = agency;
	}

	record Filters(@Nullable String source, @Nullable Long assignedTo, @Nullable Long tripId) {

		String sql() {
			return (source == null ? "" : " AND source = :source") + (assignedTo == null ? "" : " AND assigned_to = :assignee")
					+ (tripId == null ? "" : " AND trip_id = :trip");
		}

		/** The slices cover any filter by source and assignee; a trip filter reads the cells. */
		private boolean sliced() {
			return tripId == null;
		}

		private String slice() {
			return String.join(" ", java.util.stream.Stream
				.of(source == null ? null : "source:" + source, assignedTo == null ? null : "assigned_to:" + assignedTo)
				.filter(java.util.Objects::nonNull)
				.toList());
		}

		/**
		 * The cohort on the days matching {@code days} as rows (day, key, stage, leads, won, value, revenue,
		 * bookings), key being the value of {@code dim} (source, assigned_to, reached_stage, ad_id; '' for all) and
		 * stage only given for all: from the small slices when they cover the filters, else from the filtered cells
		 * (then {@code :won} must name the won stages).
		 */
		String cohort(String dim, String days) {
			if (sliced()) {
				return "(SELECT day, key, stage, leads, won, value, revenue, bookings FROM analytics_cohort_slice "
						+ "WHERE filter = :slice AND dim = '" + dim + "' AND " + days + ")";
			}
			return "(SELECT day, " + (dim.equals("all") ? "''" : dim + "::text") + " AS key, "
					+ (dim.equals("all") ? "stage" : "''") + " AS stage, leads, "
					+ "CASE WHEN stage IN (:won) THEN leads ELSE 0 END AS won, value, revenue, bookings "
					+ "FROM analytics_cohort WHERE " + days + sql() + ")";
		}

		/** The activity on the days matching {@code days} as rows (day, key, metric, amount), like {@link #cohort}. */
		String activity(String dim, String days) {
			if (sliced()) {
				return "(SELECT day, key, metric, amount FROM analytics_activity_slice WHERE filter = :slice AND dim = '"
						+ dim + "' AND " + days + ")";
			}
			return "(SELECT day, " + (dim.equals("all") ? "''" : dim + "::text") + " AS key, metric, amount "
					+ "FROM analytics_activity WHERE " + days + sql() + ")";
		}

		Map<String, Object> params() {
			Map<String, Object> params = new HashMap<>();
			params.put("slice", slice());
			if (source != null) {
				params.put("source", source);
			}
			if (assignedTo != null) {
				params.put("assignee", assignedTo);
			}
			if (tripId != null) {
				params.put("trip", tripId);
			}
			return params;
		}

	}

	/**
	 * A figure for the range, the same figure for the period before, and the relative change (null: from zero).
	 * Only a median can be null: nothing to take the median of.
	 */
	record Figure(@Nullable BigDecimal value, @Nullable BigDecimal previous, @Nullable BigDecimal change) {

		static Figure of(@Nullable BigDecimal value, @Nullable BigDecimal previous) {
			BigDecimal change = value == null || previous == null || previous.signum() == 0 ? null
					: value.subtract(previous).divide(previous.abs(), 4, RoundingMode.HALF_UP);
			return new Figure(value, previous, change);
		}

	}

	record StageValue(String stage, String label, long leads, BigDecimal value) {
	}

	/** The days asked for and the same number of days just before them. */
	record Range(LocalDate from, LocalDate to, LocalDate previousFrom, LocalDate previousTo, String timeZone) {

		static Range of(LocalDate from, LocalDate to, java.time.ZoneId zone) {
			long days = ChronoUnit.DAYS.between(from, to) + 1;
			LocalDate previousTo = from.minusDays(1);
			return new Range(from, to, previousTo.minusDays(days - 1), previousTo, zone.getId());
		}

		long days() {
			return ChronoUnit.DAYS.between(from, to) + 1;
		}

	}

	record Metrics(Range range, Figure newLeads, Figure totalLeads, Figure won, Figure lost, Figure conversionRate,
			Figure winRateOfAll, Figure revenue, Figure bookings, Figure averageDealSize, Figure messagesIn,
			Figure messagesOut, List<StageValue> pipeline, BigDecimal pipelineValue, long tasksOverdue,
			Figure repliedShare, Figure medianFirstResponseSeconds, Figure answeredWithinTargetShare, Figure readRate,
			long responseTimeTargetSeconds) {
	}

	Metrics metrics(LocalDate from, LocalDate to, Filters filters) {
		Range range = Range.of(from, to, agency.timeZone());
		LocalDate previousFrom = range.previousFrom();
		LocalDate previousTo = range.previousTo();
		List<PipelineStage> stages = leads.pipeline();
		Map<String, Object> params = new HashMap<>(filters.params());
		params.put("from", from);
		params.put("to", to);
		params.put("previous_from", previousFrom);
		params.put("previous_to", previousTo);
		List<String> won = stages.stream().filter(PipelineStage::won).map(PipelineStage::key).toList();
		params.put("won", won.isEmpty() ? List.of("") : won);
		// One pass over the cohort up to the range's end serves both periods and the pipeline.
		Map<String, BigDecimal[]> byStage = new HashMap<>();
		jdbc.sql("""
				SELECT stage, coalesce(sum(leads) FILTER (WHERE day >= :from), 0) AS new_now,
				       coalesce(sum(leads) FILTER (WHERE day BETWEEN :previous_from AND :previous_to), 0) AS new_before,
				       coalesce(sum(leads), 0) AS total_now,
				       coalesce(sum(leads) FILTER (WHERE day <= :previous_to), 0) AS total_before,
				       coalesce(sum(value), 0) AS value_now
				  FROM """ + filters.cohort("all", "day <= :to") + " c GROUP BY stage")
			.params(params)
			.query((rs, row) -> byStage.put(rs.getString("stage"),
					new BigDecimal[] { rs.getBigDecimal("new_now"), rs.getBigDecimal("new_before"),
							rs.getBigDecimal("total_now"), rs.getBigDecimal("total_before"), rs.getBigDecimal("value_now") }))
			.list();
		Map<String, BigDecimal> activityNow = new HashMap<>();
		Map<String, BigDecimal> activityBefore = new HashMap<>();
		jdbc.sql("""
				SELECT metric, coalesce(sum(amount) FILTER (WHERE day >= :from), 0) AS now,
				       coalesce(sum(amount) FILTER (WHERE day <= :previous_to), 0) AS before
				  FROM """ + filters.activity("all", "day BETWEEN :previous_from AND :to") + " a GROUP BY metric")
			.params(params)
			.query((rs, row) -> {
				activityNow.put(rs.getString("metric"), rs.getBigDecimal("now"));
				return activityBefore.put(rs.getString("metric"), rs.getBigDecimal("before"));
			})
			.list();
		Period now = Period.of(stages, byStage, 0, 2, activityNow);
		Period before = Period.of(stages, byStage, 1, 3, activityBefore);
		List<StageValue> pipeline = new ArrayList<>();
		for (PipelineStage stage : stages) {
			if (!stage.won() && !stage.lost()) {
				BigDecimal[] figures = byStage.get(stage.key());
				pipeline.add(new StageValue(stage.key(), stage.label(), figures == null ? 0 : figures[2].longValue(),
						figures == null ? BigDecimal.ZERO : figures[4]));
			}
		}
		return new Metrics(range,
				Figure.of(now.newLeads, before.newLeads), Figure.of(now.totalLeads, before.totalLeads),
				Figure.of(now.activity("won"), before.activity("won")),
				Figure.of(now.activity("lost"), before.activity("lost")),
				Figure.of(ratio(now.cohortWon, now.cohortWon.add(now.cohortLost)),
						ratio(before.cohortWon, before.cohortWon.add(before.cohortLost))),
				Figure.of(ratio(now.cohortWon, now.newLeads), ratio(before.cohortWon, before.newLeads)),
				Figure.of(now.activity("revenue"), before.activity("revenue")),
				Figure.of(now.activity("bookings"), before.activity("bookings")),
				Figure.of(money(ratio2(now.activity("revenue"), now.activity("bookings"))),
						money(ratio2(before.activity("revenue"), before.activity("bookings")))),
				Figure.of(now.activity("messages_in"), before.activity("messages_in")),
				Figure.of(now.activity("messages_out"), before.activity("messages_out")), pipeline,
				pipeline.stream().map(StageValue::value).reduce(BigDecimal.ZERO, BigDecimal::add),
				tasks.countOverdue(filters.assignedTo()),
				Figure.of(now.share(ConversationFigures.REPLIED_AFTER_CONTACT, ConversationFigures.FIRST_CONTACTED),
						before.share(ConversationFigures.REPLIED_AFTER_CONTACT, ConversationFigures.FIRST_CONTACTED)),
				Figure.of(now.medianResponse(), before.medianResponse()),
				Figure.of(now.share(ConversationFigures.WITHIN_TARGET, ConversationFigures.CONVERSATIONS),
						before.share(ConversationFigures.WITHIN_TARGET, ConversationFigures.CONVERSATIONS)),
				Figure.of(now.share(ConversationFigures.OUT_READ, ConversationFigures.OUT_DELIVERED),
						before.share(ConversationFigures.OUT_READ, ConversationFigures.OUT_DELIVERED)),
				agency.responseTimeTarget().toSeconds());
	}

	/** The leads created on {@code day}, agency-wide: the one figure of {@link #metrics} read from one day's cells. */
	long newLeads(LocalDate day) {
		return jdbc.sql("SELECT coalesce(sum(leads), 0) FROM analytics_cohort_slice WHERE filter = '' AND dim = 'all' "
				+ "AND day = :day").param("day", day).query(Long.class).single();
	}

	/** Today in the agency's time zone. */
	LocalDate today() {
		return LocalDate.now(agency.timeZone());
	}

	private record Period(BigDecimal newLeads, BigDecimal totalLeads, BigDecimal cohortWon, BigDecimal cohortLost,
			Map<String, BigDecimal> activities) {

		/** A period from the cohort's columns by stage: its new leads' column and its total's column. */
		static Period of(List<PipelineStage> stages, Map<String, BigDecimal[]> byStage, int newColumn, int totalColumn,
				Map<String, BigDecimal> activities) {
			BigDecimal newLeads = BigDecimal.ZERO;
			BigDecimal total = BigDecimal.ZERO;
			BigDecimal won = BigDecimal.ZERO;
			BigDecimal lost = BigDecimal.ZERO;
			Map<String, PipelineStage> byKey = new HashMap<>();
			stages.forEach(stage -> byKey.put(stage.key(), stage));
			for (var entry : byStage.entrySet()) {
				BigDecimal created = entry.getValue()[newColumn];
				newLeads = newLeads.add(created);
				total = total.add(entry.getValue()[totalColumn]);
				PipelineStage stage = byKey.get(entry.getKey());
				if (stage != null && stage.won()) {
					won = won.add(created);
				}
				if (stage != null && stage.lost()) {
					lost = lost.add(created);
				}
			}
			return new Period(newLeads, total, won, lost, activities);
		}

		BigDecimal activity(String metric) {
			return activities.getOrDefault(metric, BigDecimal.ZERO);
		}

		BigDecimal share(String part, String whole) {
			return ratio(activity(part), activity(whole));
		}

		@Nullable BigDecimal medianResponse() {
			long[] counts = new long[ResponseTimes.BOUNDS.length];
			activities.forEach((metric, amount) -> {
				if (metric.startsWith(ResponseTimes.BUCKET_METRIC)) {
					counts[ResponseTimes.bucketOf(metric)] = amount.longValue();
				}
			});
			Long median = ResponseTimes.median(counts);
			return median == null ? null : BigDecimal.valueOf(median);
		}

	}

	private static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
		return whole.signum() == 0 ? BigDecimal.ZERO : part.divide(whole, 4, RoundingMode.HALF_UP);
	}

	private static BigDecimal ratio2(BigDecimal part, BigDecimal whole) {
		return whole.signum() == 0 ? BigDecimal.ZERO : part.divide(whole, 2, RoundingMode.HALF_UP);
	}

	private static BigDecimal money(BigDecimal value) {
		return value.setScale(2, RoundingMode.HALF_UP);
	}

}
