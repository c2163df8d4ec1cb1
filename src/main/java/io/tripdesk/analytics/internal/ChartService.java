package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.tripdesk.identity.UserDirectory;
import io.tripdesk.identity.UserSummary;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.PipelineStage;
import io.tripdesk.shared.AgencyProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The dashboard's charts for a range of days (inclusive, in the agency's time zone). Each is one or two
 * grouped queries over the rollups, whatever the size of the raw tables.
 */
@Service
class ChartService {

	enum Kind {

		LEAD_TREND("lead-trend", "New leads by source"), SOURCES("sources", "Leads by source"),
		STAGES("stages", "Leads by stage"), FUNNEL("funnel", "Pipeline funnel"), REVENUE("revenue", "Revenue"),
		RESPONSE_TIMES("response-times", "First response times"), LEADERBOARD("leaderboard", "Agent leaderboard"),
		ATTRIBUTION_SOURCES("attribution-sources", "Attribution by source"),
		ATTRIBUTION_ADS("attribution-ads", "Attribution by click-to-WhatsApp ad");

		private final String key;

		private final String title;

		Kind(String key, String title) {
			this.key = key;
			this.title = title;
		}

		String key() {
			return key;
		}

		String title() {
			return title;
		}

		/** The chart's name in the dashboard's JSON: {@code lead_trend}. */
		String property() {
			return key.replace('-', '_');
		}

		static Optional<Kind> fromKey(String key) {
			return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst();
		}

		static String keys() {
			return String.join(", ", Arrays.stream(values()).map(Kind::key).toList());
		}

	}

	enum Granularity {

		DAY("Day"), WEEK("Week"), MONTH("Month");

		private final String label;

		Granularity(String label) {
			this.label = label;
		}

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** Days up to 92 days, weeks up to 366, months beyond. */
		static Granularity defaultFor(long days) {
			return days <= 92 ? DAY : days <= 366 ? WEEK : MONTH;
		}

		static Optional<Granularity> fromKey(String key) {
			return Arrays.stream(values()).filter(granularity -> granularity.key().equals(key)).findFirst();
		}

		/** The start of the period holding the day: itself, its week's Monday, or its month's first day. */
		LocalDate start(LocalDate day) {
			return switch (this) {
				case DAY -> day;
				case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				case MONTH -> day.withDayOfMonth(1);
			};
		}

		LocalDate next(LocalDate start) {
			return switch (this) {
				case DAY -> start.plusDays(1);
				case WEEK -> start.plusWeeks(1);
				case MONTH -> start.plusMonths(1);
			};
		}

	}

	record Column(String key, String label, String type) {
	}

	/** A chart: typed columns and rows keyed by the columns' keys. */
	record Chart(String chart, String title, String granularity, MetricsService.Range range, List<Column> columns,
			List<Map<String, @Nullable Object>> rows, String explanation) {
	}

	private static final String RESPONSE_BUCKETS = "metric LIKE 'wa\\_response\\_bucket\\_%'";

	private final JdbcClient jdbc;

	private final LeadManagement leads;

	private final UserDirectory users;

	private final AgencyProperties agency;

	ChartService(JdbcClient jdbc, LeadManagement leads, UserDirectory users, AgencyProperties agency) {
		this.jdbc = jdbc;
		this.leads = leads;
		this.users = users;
		this.agency = agency;
	}

	Chart chart(Kind kind, LocalDate from, LocalDate to, MetricsService.Filters filters,
			@Nullable Granularity granularity) {
		return chart(kind, query(from, to, filters, granularity));
	}

	/**
	 * Every chart at its default granularity, keyed by {@link Kind#property()}, each read on the executor as a
	 * thread comes free.
	 */
	CompletableFuture<Map<String, Chart>> all(LocalDate from, LocalDate to, MetricsService.Filters filters,
			Executor executor) {
		Query query = query(from, to, filters, null);
		Map<Kind, CompletableFuture<Chart>> charts = new EnumMap<>(Kind.class);
		// The slowest first, the others sharing the remaining threads meanwhile: the leaderboard sums every
		// agent's response-time histogram, some 45,000 cells for 90 days, more than all the others together.
		charts.put(Kind.LEADERBOARD, CompletableFuture.supplyAsync(() -> chart(Kind.LEADERBOARD, query), executor));
		for (Kind kind : Kind.values()) {
			charts.computeIfAbsent(kind, next -> CompletableFuture.supplyAsync(() -> chart(next, query), executor));
		}
		return CompletableFuture.allOf(charts.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
			Map<String, Chart> byProperty = new LinkedHashMap<>();
			charts.forEach((kind, chart) -> byProperty.put(kind.property(), chart.join()));
			return byProperty;
		});
	}

	private Query query(LocalDate from, LocalDate to, MetricsService.Filters filters,
			@Nullable Granularity granularity) {
		MetricsService.Range range = MetricsService.Range.of(from, to, agency.timeZone());
		Granularity unit = granularity != null ? granularity : Granularity.defaultFor(range.days());
		return new Query(range, filters, unit, ordered(leads.pipeline()));
	}

	private Chart chart(Kind kind, Query query) {
		return switch (kind) {
			case LEAD_TREND -> leadTrend(query);
			case SOURCES -> sources(query);
			case STAGES -> stages(query);
			case FUNNEL -> funnel(query);
			case REVENUE -> revenue(query);
			case RESPONSE_TIMES -> responseTimes(query);
			case LEADERBOARD -> leaderboard(query);
			case ATTRIBUTION_SOURCES -> attributionSources(query);
			case ATTRIBUTION_ADS -> attributionAds(query);
		};
	}

	/** One chart's question; {@code stages} in pipeline order. */
	private record Query(MetricsService.Range range, MetricsService.Filters filters, Granularity unit,
			List<PipelineStage> stages) {

		Map<String, Object> params() {
			Map<String, Object> params = new HashMap<>(filters.params());
			params.put("from", range.from());
			params.put("to", range.to());
			params.put("unit", unit.key());
			List<String> won = stages.stream().filter(PipelineStage::won).map(PipelineStage::key).toList();
			params.put("won", won.isEmpty() ? List.of("") : won);
			return params;
		}

		/** The cohort of the range by a dimension, as {@code FROM} rows (day, key, stage, leads, value, revenue, bookings). */
		String cohort(String dim) {
			return " FROM " + filters.cohort(dim, "day BETWEEN :from AND :to") + " c";
		}

		/** The range's activity of some metrics by a dimension, as {@code FROM} rows (day, key, metric, amount). */
		String activity(String dim, String metrics) {
			return " FROM " + filters.activity(dim, "day BETWEEN :from AND :to AND (" + metrics + ")") + " a";
		}

		Chart chart(Kind kind, List<Column> columns, List<Map<String, @Nullable Object>> rows, String explanation) {
			return new Chart(kind.key(), kind.title(), unit.key(), range, columns, rows, explanation);
		}

		/** Every period start from the range's first to its last, so that quiet periods show as zero. */
		List<LocalDate> periods() {
			List<LocalDate> periods = new ArrayList<>();
			for (LocalDate start = unit.start(range.from()); !start.isAfter(range.to()); start = unit.next(start)) {
				periods.add(start);
			}
			return periods;
		}

	}

	private static final String PERIOD = "date_trunc(:unit, day::timestamp)::date";

	private Chart leadTrend(Query query) {
		Map<LocalDate, Map<String, Long>> byPeriod = new HashMap<>();
		Map<String, Long> totals = new HashMap<>();
		jdbc.sql("SELECT " + PERIOD + " AS period, key AS source, sum(leads) AS leads" + query.cohort("source")
				+ " GROUP BY 1, 2")
			.params(query.params())
			.query((rs, row) -> {
				long count = rs.getLong("leads");
				byPeriod.computeIfAbsent(rs.getObject("period", LocalDate.class), day -> new HashMap<>())
					.put(rs.getString("source"), count);
				return totals.merge(rs.getString("source"), count, Long::sum);
			})
			.list();
		if (query.filters().source() != null) {
			totals.putIfAbsent(query.filters().source(), 0L);
		}
		Map<String, String> labels = leads.sources();
		List<String> sources = totals.keySet().stream()
			.sorted(Comparator.comparing((String source) -> -totals.get(source)).thenComparing(Comparator.naturalOrder()))
			.toList();
		List<Column> columns = new ArrayList<>();
		columns.add(new Column("period", query.unit().label, "date"));
		sources.forEach(source -> columns.add(new Column(source, labels.getOrDefault(source, source), "number")));
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		for (LocalDate period : query.periods()) {
			Map<String, @Nullable Object> row = new LinkedHashMap<>();
			row.put("period", period);
			Map<String, Long> counts = byPeriod.getOrDefault(period, Map.of());
			sources.forEach(source -> row.put(source, counts.getOrDefault(source, 0L)));
			rows.add(row);
		}
		return query.chart(Kind.LEAD_TREND, columns, rows, "Leads created in each " + query.unit().key()
				+ " (days start at midnight in " + query.range().timeZone() + "; a period is labelled by its first day), "
				+ "one column per source, largest first.");
	}

	private Chart sources(Query query) {
		List<Map<String, @Nullable Object>> rows = jdbc.sql("SELECT key AS source, sum(leads) AS leads, "
				+ "sum(won) AS won" + query.cohort("source")
				+ " GROUP BY key ORDER BY leads DESC, key")
			.params(query.params())
			.query((rs, row) -> keyed(row(rs.getString("source"), rs.getLong("leads"), rs.getLong("won"),
					ratio(rs.getLong("won"), rs.getLong("leads"))), "source", "leads", "won", "conversion"))
			.list();
		return query.chart(Kind.SOURCES,
				columns("source", "Source", "text", "leads", "Leads", "number", "won", "Won", "number", "conversion",
						"Conversion", "ratio"),
				rows,
				"Leads created in the range by source (its key, as in /api/leads/sources/); won: those of them in a won "
						+ "stage now; conversion: won / leads.");
	}

	private Chart stages(Query query) {
		Map<String, Long> byStage = new HashMap<>();
		jdbc.sql("SELECT stage, sum(leads) AS leads" + query.cohort("all") + " GROUP BY stage")
			.params(query.params())
			.query((rs, row) -> byStage.put(rs.getString("stage"), rs.getLong("leads")))
			.list();
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		for (PipelineStage stage : query.stages()) {
			rows.add(keyed(row(stage.key(), stage.label(), byStage.getOrDefault(stage.key(), 0L)), "stage", "label",
					"leads"));
		}
		return query.chart(Kind.STAGES, columns("stage", "Stage", "text", "label", "Label", "text", "leads", "Leads",
				"number"), rows, "The stage that each lead created in the range is in now.");
	}

	private Chart funnel(Query query) {
		Map<String, Long> byReached = new HashMap<>();
		jdbc.sql("SELECT key AS reached_stage, sum(leads) AS leads" + query.cohort("reached_stage") + " GROUP BY key")
			.params(query.params())
			.query((rs, row) -> byReached.put(rs.getString("reached_stage"), rs.getLong("leads")))
			.list();
		List<PipelineStage> open = query.stages().stream().filter(stage -> !stage.lost()).toList();
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		Long previous = null;
		for (int i = 0; i < open.size(); i++) {
			long reached = 0;
			for (PipelineStage later : open.subList(i, open.size())) {
				reached += byReached.getOrDefault(later.key(), 0L);
			}
			PipelineStage stage = open.get(i);
			rows.add(keyed(row(stage.key(), stage.label(), reached, previous == null ? null : ratio(reached, previous)),
					"stage", "label", "reached", "conversion_from_previous"));
			previous = reached;
		}
		return query.chart(Kind.FUNNEL,
				columns("stage", "Stage", "text", "label", "Label", "text", "reached", "Reached", "number",
						"conversion_from_previous", "From previous stage", "ratio"),
				rows,
				"Of the leads created in the range, those that have been in this stage or a later one (lost leads count "
						+ "up to the furthest stage they had reached; lost stages are left out); conversion: reached / "
						+ "reached at the stage before (none for the first).");
	}

	private Chart revenue(Query query) {
		Map<LocalDate, BigDecimal[]> byPeriod = new HashMap<>();
		jdbc.sql("SELECT " + PERIOD + " AS period, metric, sum(amount) AS amount"
				+ query.activity("all", "metric IN ('revenue', 'bookings')") + " GROUP BY 1, 2")
			.params(query.params())
			.query((rs, row) -> byPeriod.computeIfAbsent(rs.getObject("period", LocalDate.class),
					period -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO })[rs.getString("metric")
						.equals("revenue") ? 0 : 1] = rs.getBigDecimal("amount"))
			.list();
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		for (LocalDate period : query.periods()) {
			BigDecimal[] figures = byPeriod.getOrDefault(period, new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
			rows.add(keyed(row(period, money(figures[0]), figures[1].longValue()), "period", "revenue", "bookings"));
		}
		return query.chart(Kind.REVENUE,
				columns("period", query.unit().label, "date", "revenue", "Revenue (" + agency.currency() + ")", "money",
						"bookings", "Bookings", "number"),
				rows, "Bookings confirmed in each " + query.unit().key() + " and their amount (cancelled ones taken "
						+ "out again), by the day they were confirmed.");
	}

	private Chart responseTimes(Query query) {
		long[] counts = new long[ResponseTimes.BOUNDS.length];
		long[] conversations = { 0 };
		jdbc.sql("SELECT metric, sum(amount) AS amount"
				+ query.activity("all", "metric = '" + ConversationFigures.CONVERSATIONS + "' OR " + RESPONSE_BUCKETS)
				+ " GROUP BY metric")
			.params(query.params())
			.query((rs, row) -> {
				String metric = rs.getString("metric");
				if (metric.equals(ConversationFigures.CONVERSATIONS)) {
					conversations[0] = rs.getLong("amount");
				}
				else {
					counts[ResponseTimes.bucketOf(metric)] = rs.getLong("amount");
				}
				return metric;
			})
			.list();
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		long answered = 0;
		for (ResponseTimes.DisplayBucket bucket : ResponseTimes.DISPLAY) {
			long count = 0;
			for (int fine = 0; fine < counts.length; fine++) {
				if (ResponseTimes.BOUNDS[fine] >= bucket.fromSeconds() && ResponseTimes.BOUNDS[fine] < bucket.untilSeconds()) {
					count += counts[fine];
				}
			}
			answered += count;
			rows.add(keyed(row(bucket.label(), count), "bucket", "conversations"));
		}
		rows.add(keyed(row(ResponseTimes.UNANSWERED, conversations[0] - answered), "bucket", "conversations"));
		return query.chart(Kind.RESPONSE_TIMES, columns("bucket", "First response", "text", "conversations",
				"Conversations", "number"), rows, RESPONSE_EXPLANATION);
	}

	static final String RESPONSE_EXPLANATION = "Conversations opened in the range by how long the customer waited for "
			+ "the first reply by a person (automated and template messages from automations do not count). A "
			+ "conversation opens with the customer's first message, or with a message after 24 hours without any "
			+ "message either way (WhatsApp's service window).";

	private Chart leaderboard(Query query) {
		Map<Long, long[]> figures = new TreeMap<>();
		Map<Long, BigDecimal> revenue = new HashMap<>();
		Map<Long, long[]> histograms = new HashMap<>();
		jdbc.sql("SELECT key::bigint AS assigned_to, sum(leads) AS leads" + query.cohort("assigned_to") + " GROUP BY key")
			.params(query.params())
			.query((rs, row) -> figures.computeIfAbsent(rs.getLong("assigned_to"), id -> new long[2])[0] = rs.getLong("leads"))
			.list();
		jdbc.sql("SELECT key::bigint AS assigned_to, metric, sum(amount) AS amount"
				+ query.activity("assigned_to", "metric IN ('won', 'revenue') OR " + RESPONSE_BUCKETS) + " GROUP BY 1, 2")
			.params(query.params())
			.query((rs, row) -> {
				long agent = rs.getLong("assigned_to");
				String metric = rs.getString("metric");
				long[] counts = figures.computeIfAbsent(agent, id -> new long[2]);
				switch (metric) {
					case "won" -> counts[1] = rs.getLong("amount");
					case "revenue" -> revenue.put(agent, rs.getBigDecimal("amount"));
					default -> histograms.computeIfAbsent(agent, id -> new long[ResponseTimes.BOUNDS.length])[ResponseTimes
						.bucketOf(metric)] = rs.getLong("amount");
				}
				return metric;
			})
			.list();
		Map<Long, String> names = new HashMap<>();
		users.activeUsers().forEach(user -> names.put(user.id(), user.name()));
		if (query.filters().assignedTo() != null) {
			figures.putIfAbsent(query.filters().assignedTo(), new long[2]);
		}
		else {
			names.keySet().forEach(id -> figures.putIfAbsent(id, new long[2]));
		}
		List<Map<String, @Nullable Object>> rows = new ArrayList<>();
		figures.forEach((agent, counts) -> {
			String name = agent == 0 ? "Unassigned"
					: names.computeIfAbsent(agent, id -> users.find(id).map(UserSummary::name).orElse("User " + id));
			Long median = ResponseTimes.median(histograms.getOrDefault(agent, new long[ResponseTimes.BOUNDS.length]));
			rows.add(keyed(row(agent == 0 ? null : agent, name, counts[0], counts[1],
					money(revenue.getOrDefault(agent, BigDecimal.ZERO)), median), "agent_id", "agent", "leads", "won",
					"revenue", "median_first_response_seconds"));
		});
		rows.sort(Comparator.comparing((Map<String, @Nullable Object> row) -> (BigDecimal) row.get("revenue"))
			.thenComparing(row -> (Long) row.get("won"))
			.thenComparing(row -> (Long) row.get("leads"))
			.reversed()
			.thenComparing(row -> (String) row.get("agent")));
		return query.chart(Kind.LEADERBOARD,
				columns("agent_id", "Agent id", "number", "agent", "Agent", "text", "leads", "Leads", "number", "won", "Won",
						"number", "revenue", "Revenue (" + agency.currency() + ")", "money", "median_first_response_seconds",
						"Median first response", "seconds"),
				rows,
				"Per agent, by the leads assigned to them now: leads created in the range, deals won and revenue confirmed "
						+ "in the range, and the median wait for a person's first reply in conversations opened in the "
						+ "range (exact to its histogram bucket: 15 s under 2 min, a quarter of the value beyond; "
						+ "empty when none was answered).");
	}

	private Chart attributionSources(Query query) {
		List<Map<String, @Nullable Object>> rows = jdbc.sql("SELECT key AS source, sum(leads) AS leads, "
				+ "sum(bookings) AS bookings, sum(revenue) AS revenue, "
				+ "sum(won) AS won" + query.cohort("source")
				+ " GROUP BY key ORDER BY revenue DESC, leads DESC, key")
			.params(query.params())
			.query((rs, row) -> keyed(row(rs.getString("source"), rs.getLong("leads"), rs.getLong("bookings"),
					money(rs.getBigDecimal("revenue")), ratio(rs.getLong("won"), rs.getLong("leads"))), "source", "leads",
					"bookings", "revenue", "conversion"))
			.list();
		return query.chart(Kind.ATTRIBUTION_SOURCES,
				columns("source", "Source", "text", "leads", "Leads", "number", "bookings", "Bookings", "number", "revenue",
						"Revenue (" + agency.currency() + ")", "money", "conversion", "Conversion", "ratio"),
				rows, ATTRIBUTION_EXPLANATION);
	}

	private Chart attributionAds(Query query) {
		List<Map<String, @Nullable Object>> rows = jdbc.sql("""
				WITH ads AS (
				    SELECT key AS ad_id, sum(leads) AS leads, sum(bookings) AS bookings, sum(revenue) AS revenue,
				           sum(won) AS won""" + query.cohort("ad_id") + """
				     WHERE key <> '' GROUP BY key)
				SELECT ads.*, latest.ad_headline, latest.ad_source_url FROM ads
				  LEFT JOIN LATERAL (SELECT ad_headline, ad_source_url FROM analytics_lead
				                      WHERE analytics_lead.ad_id = ads.ad_id AND ad_id <> ''
				                      ORDER BY lead_id DESC LIMIT 1) latest ON true
				 ORDER BY revenue DESC, leads DESC, ad_id""")
			.params(query.params())
			.query((rs, row) -> keyed(row(rs.getString("ad_id"), rs.getString("ad_headline"),
					rs.getString("ad_source_url"), rs.getLong("leads"), rs.getLong("bookings"),
					money(rs.getBigDecimal("revenue")), ratio(rs.getLong("won"), rs.getLong("leads"))), "ad_id", "headline",
					"source_url", "leads", "bookings", "revenue", "conversion"))
			.list();
		return query.chart(Kind.ATTRIBUTION_ADS,
				columns("ad_id", "Ad id", "text", "headline", "Headline", "text", "source_url", "Ad link", "text", "leads",
						"Leads", "number", "bookings", "Bookings", "number", "revenue", "Revenue (" + agency.currency() + ")",
						"money", "conversion", "Conversion", "ratio"),
				rows, ATTRIBUTION_EXPLANATION + " Only leads that came from a click-to-WhatsApp ad (first touch); "
						+ "headline and link as the ad's newest lead saw them.");
	}

	private static final String ATTRIBUTION_EXPLANATION = "Leads created in the range, with the bookings they have "
			+ "confirmed so far and their revenue, credited to where the lead came from; conversion: the share of "
			+ "these leads in a won stage now.";

	private static List<PipelineStage> ordered(List<PipelineStage> stages) {
		return stages.stream()
			.sorted(Comparator.comparingInt(PipelineStage::position).thenComparing(PipelineStage::key))
			.toList();
	}

	private static List<Column> columns(String... triples) {
		List<Column> columns = new ArrayList<>();
		for (int i = 0; i < triples.length; i += 3) {
			columns.add(new Column(triples[i], triples[i + 1], triples[i + 2]));
		}
		return columns;
	}

	private static @Nullable Object[] row(@Nullable Object... values) {
		return values;
	}

	private static Map<String, @Nullable Object> keyed(@Nullable Object[] values, String... keys) {
		Map<String, @Nullable Object> row = new LinkedHashMap<>();
		for (int i = 0; i < keys.length; i++) {
			row.put(keys[i], values[i]);
		}
		return row;
	}

	static BigDecimal ratio(long part, long whole) {
		return whole == 0 ? BigDecimal.ZERO
				: BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
	}

	private static BigDecimal money(BigDecimal value) {
		return value.setScale(2, RoundingMode.HALF_UP);
	}

}
