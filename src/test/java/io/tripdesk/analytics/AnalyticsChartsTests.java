package io.tripdesk.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every chart and the engagement metrics against straightforward SQL over the raw tables (lead, lead_event,
 * booking, whatsapp_message), on a generated agency with conversations and bookings spread over months, in
 * a time zone far from UTC.
 */
@TestPropertySource(properties = { "tripdesk.agency.time-zone=" + AnalyticsChartsTests.ZONE, "tripdesk.demo=true",
		"tripdesk.generator.leads=400", "tripdesk.generator.days=150", "tripdesk.generator.agents=3" })
class AnalyticsChartsTests extends IntegrationTest {

	static final String ZONE = "America/Sao_Paulo";

	private static final String[] CHARTS = { "lead-trend", "sources", "stages", "funnel", "revenue", "response-times",
			"leaderboard", "attribution-sources", "attribution-ads" };

	@Autowired
	JdbcClient jdbc;

	private final LocalDate today = LocalDate.now(ZoneId.of(ZONE));

	@BeforeEach
	void demoAgencyRolledUp() {
		Eventually.await(() -> count("SELECT count(*) FROM analytics_lead") == count("SELECT count(*) FROM lead"),
				"the start-up rebuild of the demo agency");
	}

	private long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	// ---------------------------------------------------------------- event-fed rollups = rebuild

	@Test
	void eventFedRollupsEqualARebuildFromTheRawTables() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("charts.agent@test.local");
		long first = createLead(admin, "Chart Ana", "+55 11 97777-1001", "instagram");
		long second = createLead(admin, "Chart Beto", "+55 11 97777-1002", "website");
		admin.post("/api/leads/" + first + "/change-stage/", Map.of("stage", "proposal_sent"));
		admin.post("/api/leads/" + first + "/change-stage/", Map.of("stage", "lost", "note", "Went elsewhere"));
		admin.patch("/api/leads/" + second + "/", Map.of("assigned_to", userId(agent), "expected_value", 3100));
		long trip = jdbc.sql("SELECT min(id) FROM trip WHERE status = 'open' AND capacity > seats_booked")
			.query(Long.class).single();
		var created = admin.post("/api/bookings/", Map.of("lead_id", second, "trip_id", trip, "travelers", 1));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		long booking = created.json().get("id").asLong();
		admin.post("/api/bookings/" + booking + "/confirm/", null);
		admin.patch("/api/leads/" + second + "/", Map.of("source", "referral"));
		for (int i = 0; i < 3; i++) {
			String phone = "+55 21 96666-200" + i;
			admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", phone, "name", "Chat " + i, "text", "Oi " + i));
			long lead = awaitLead(phone);
			if (i > 0) {
				assertThat(admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text",
						"Olá! " + i)).status()).isIn(200, 201, 202);
			}
		}
		Eventually.await(() -> count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out' AND status = 'read'") >= 2,
				"the sandbox to report the replies read");

		JsonNode verification = awaitRollupsExact(admin);
		assertThat(verification.get("differences").asLong()).as("%s", verification).isZero();
		assertThat(count("SELECT count(*) FROM analytics_response_cycle")).isGreaterThanOrEqualTo(3);
		assertThat(admin.post("/api/analytics/rebuild/", null).json().get("differences_before").asLong()).isZero();
	}

	// ---------------------------------------------------------------- every chart and metric = plain SQL

	@Test
	void everyChartAndTheEngagementMetricsEqualPlainSqlOverTheRawTables() {
		ApiClient admin = admin();
		addConversationsAndBookings();
		assertThat(admin.post("/api/analytics/rebuild/", null).status()).isEqualTo(200);
		assertThat(admin.get("/api/analytics/verify/").json().get("differences").asLong()).isZero();

		long busiestAgent = jdbc.sql("SELECT assigned_to FROM lead WHERE assigned_to IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
			.query(Long.class).single();
		long busiestTrip = jdbc.sql("SELECT trip_id FROM lead WHERE trip_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
			.query(Long.class).single();
		List<Scenario> scenarios = List.of(new Scenario(today.minusDays(89), today, null, null, null, "day"),
				new Scenario(today.minusDays(59), today.minusDays(10), "whatsapp_ad", null, null, "day"),
				new Scenario(today.minusDays(119), today, null, busiestAgent, null, "week"),
				new Scenario(today.minusDays(149), today, null, null, busiestTrip, "month"),
				new Scenario(today.minusDays(29), today, "whatsapp", busiestAgent, null, "week"),
				new Scenario(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31), null, null, null, "day"));
		for (Scenario scenario : scenarios) {
			Expected expected = new Expected(scenario);
			for (String chart : CHARTS) {
				JsonNode json = admin.get("/api/analytics/charts/" + chart + "/" + scenario.query(true)).json();
				assertThat(json.get("chart").asString()).isEqualTo(chart);
				assertThat(json.get("granularity").asString()).isEqualTo(scenario.granularity());
				assertThat(json.get("range").get("time_zone").asString()).isEqualTo(ZONE);
				assertThat(json.get("explanation").asString()).isNotBlank();
				assertColumnsKeyTheRows(json);
				expected.check(chart, json);
			}
			JsonNode metrics = admin.get("/api/analytics/metrics/" + scenario.query(false)).json();
			expected.checkMetrics(metrics);
		}
	}

	@Test
	void theDashboardHasTheMetricsAndEveryChart() {
		ApiClient admin = admin();
		String query = "?from=" + today.minusDays(89) + "&to=" + today + "&source=whatsapp_ad";
		JsonNode dashboard = admin.get("/api/analytics/dashboard/" + query).json();

		assertThat(dashboard.get("metrics")).isEqualTo(admin.get("/api/analytics/metrics/" + query).json());
		for (String chart : CHARTS) {
			assertThat(dashboard.get("charts").get(chart.replace('-', '_'))).as(chart)
				.isEqualTo(admin.get("/api/analytics/charts/" + chart + "/" + query).json());
		}
		assertThat(dashboard.get("charts").get("lead_trend").get("granularity").asString()).isEqualTo("day");
		assertThat(admin.get("/api/analytics/charts/revenue/?from=" + today.minusDays(200) + "&to=" + today).json()
			.get("granularity").asString()).isEqualTo("week");
		assertThat(admin.get("/api/analytics/charts/revenue/?from=" + today.minusDays(400) + "&to=" + today).json()
			.get("granularity").asString()).isEqualTo("month");
		JsonNode defaults = admin.get("/api/analytics/charts/stages/").json().get("range");
		assertThat(defaults.get("to").asString()).isEqualTo(today.toString());
		assertThat(defaults.get("from").asString()).isEqualTo(today.minusDays(29).toString());
	}

	// ---------------------------------------------------------------- CSV and bad input

	@Test
	void anyChartAsCsvWithProperQuoting() {
		ApiClient admin = admin();
		long adLead = jdbc.sql("SELECT max(id) FROM lead WHERE ad_id IS NOT NULL").query(Long.class).single();
		jdbc.sql("UPDATE lead SET referral = jsonb_set(referral, '{headline}', to_jsonb(?::text)) WHERE id = ?")
			.params("Bali, \"the\" island\nof gods", adLead).update();
		admin.post("/api/analytics/rebuild/", null);
		String query = "?from=" + today.minusDays(149) + "&to=" + today;

		var csv = admin.get("/api/analytics/charts/attribution-ads/" + query + "&format=csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.headers().get("content-disposition").get(0)).contains("attachment")
			.contains("attribution-ads-" + today.minusDays(149) + "-" + today + ".csv");
		List<List<String>> records = parseCsv(csv.text());
		JsonNode json = admin.get("/api/analytics/charts/attribution-ads/" + query).json();
		assertThat(records.get(0)).containsExactly("Ad id", "Headline", "Ad link", "Leads", "Bookings", "Revenue (EUR)",
				"Conversion");
		assertThat(records).hasSize(json.get("rows").size() + 1);
		for (int i = 0; i < json.get("rows").size(); i++) {
			JsonNode row = json.get("rows").get(i);
			List<String> record = records.get(i + 1);
			int column = 0;
			for (JsonNode definition : json.get("columns")) {
				JsonNode value = row.get(definition.get("key").asString());
				String text = record.get(column++);
				if (value.isNumber()) {
					assertThat(new BigDecimal(text)).isEqualByComparingTo(value.decimalValue());
				}
				else {
					assertThat(text).isEqualTo(value.isNull() ? "" : value.asString());
				}
			}
		}
		assertThat(csv.text()).contains("\"Bali, \"\"the\"\" island\nof gods\"");

		var byAccept = admin.getAccepting("/api/analytics/charts/lead-trend/" + query, "text/csv");
		assertThat(byAccept.status()).isEqualTo(200);
		assertThat(byAccept.contentType()).startsWith("text/csv");
		assertThat(parseCsv(byAccept.text()).get(0).get(0)).as("150 days go by week").isEqualTo("Week");
	}

	@Test
	void badInputIsAProblemWithFieldErrors() {
		ApiClient admin = admin();

		assertField(admin.get("/api/analytics/charts/sources/?from=2025-02-01&to=2025-01-01"), "from");
		assertField(admin.get("/api/analytics/charts/pie/"), "chart");
		assertField(admin.get("/api/analytics/charts/revenue/?granularity=hour"), "granularity");
		assertField(admin.get("/api/analytics/charts/revenue/?format=xml"), "format");
		assertThat(admin.get("/api/analytics/charts/revenue/?from=yesterday").status()).isEqualTo(400);
		assertThat(admin.get("/api/analytics/dashboard/?assigned_to=me").status()).isEqualTo(400);
		assertField(admin.get("/api/analytics/dashboard/?from=2000-01-01&to=2025-01-01"), "from");
	}

	private static void assertField(ApiClient.ApiResponse response, String field) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	// ---------------------------------------------------------------- the data

	/**
	 * Conversations on most demo leads, as raw rows the way an import would leave them: customers writing at
	 * any hour, agents answering after seconds to days or never, automated messages, reopened conversations,
	 * reactions, delivery and read statuses; and confirmed and cancelled bookings.
	 */
	private void addConversationsAndBookings() {
		Random random = new Random(7);
		List<Map<String, Object>> leads = jdbc.sql("SELECT id, created_at, trip_id, stage, expected_value FROM lead ORDER BY id")
			.query().listOfRows();
		Instant now = Instant.now().minusSeconds(60);
		long[] gaps = { 20, 50, 100, 200, 400, 700, 1000, 1500, 2500, 5000, 9000, 20000, 50000, 100000, 200000, -1 };
		String[] statuses = { "sent", "delivered", "read", "read", "failed", "played" };
		long fallbackTrip = jdbc.sql("SELECT min(id) FROM trip").query(Long.class).single();
		for (Map<String, Object> lead : leads) {
			long id = ((Number) lead.get("id")).longValue();
			Instant at = ((Timestamp) lead.get("created_at")).toInstant().plusSeconds(random.nextInt(600));
			if (random.nextInt(100) < 75) {
				int openings = 1 + random.nextInt(3);
				for (int opening = 0; opening < openings && at.isBefore(now); opening++) {
					message(id, "in", "text", false, "received", at);
					if (random.nextInt(100) < 10) {
						message(id, "in", "reaction", false, "received", at.plusSeconds(5));
					}
					if (random.nextInt(100) < 30) {
						message(id, "out", "template", false, statuses[random.nextInt(statuses.length)], at.plusSeconds(7));
					}
					long gap = gaps[random.nextInt(gaps.length)];
					Instant last = at.plusSeconds(7);
					if (gap > 0 && at.plusSeconds(gap).isBefore(now)) {
						last = at.plusSeconds(gap);
						message(id, "out", "text", true, statuses[random.nextInt(statuses.length)], last);
						if (random.nextBoolean() && last.plusSeconds(3600).isBefore(now)) {
							last = last.plusSeconds(1800 + random.nextInt(1800));
							message(id, "in", "text", false, "received", last);
						}
					}
					// The next opening: sometimes within the 24-hour window (no new conversation), mostly after it.
					at = last.plus(Duration.ofHours(random.nextInt(100) < 25 ? 20 : 25 + random.nextInt(200)));
				}
			}
			if (lead.get("stage").equals("won") || random.nextInt(100) < 5) {
				long trip = lead.get("trip_id") == null ? fallbackTrip : ((Number) lead.get("trip_id")).longValue();
				Instant confirmed = ((Timestamp) lead.get("created_at")).toInstant().plus(Duration.ofHours(random.nextInt(400)));
				if (confirmed.isAfter(now)) {
					confirmed = now.minusSeconds(random.nextInt(3600));
				}
				boolean cancelled = random.nextInt(100) < 15;
				jdbc.sql("""
						INSERT INTO booking (lead_id, trip_id, travelers, amount, currency, status, created_at, confirmed_at,
						                     cancelled_at)
						VALUES (?, ?, 2, ?, 'EUR', ?, ?, ?, ?)""")
					.params(id, trip, BigDecimal.valueOf(500 + random.nextInt(5000)), cancelled ? "cancelled" : "confirmed",
							Timestamp.from(confirmed), Timestamp.from(confirmed), cancelled ? Timestamp.from(now) : null)
					.update();
			}
		}
		// Two leads either side of midnight in São Paulo (03:00 UTC), ten days ago.
		Instant midnight = today.minusDays(10).atStartOfDay(ZoneId.of(ZONE)).toInstant();
		jdbc.sql("UPDATE lead SET created_at = ? WHERE id = ?").params(Timestamp.from(midnight.minusSeconds(30)),
				leads.get(0).get("id")).update();
		jdbc.sql("UPDATE lead SET created_at = ? WHERE id = ?").params(Timestamp.from(midnight.plusSeconds(30)),
				leads.get(1).get("id")).update();
	}

	private void message(long leadId, String direction, String type, boolean byPerson, String status, Instant at) {
		jdbc.sql("""
				INSERT INTO whatsapp_message (lead_id, direction, type, body, status, status_rank, by_person, created_at)
				VALUES (?, ?, ?, 'test', ?, 0, ?, ?)""")
			.params(leadId, direction, type, status, byPerson, Timestamp.from(at)).update();
	}

	// ---------------------------------------------------------------- the expectations, in plain SQL

	private record Scenario(LocalDate from, LocalDate to, @Nullable String source, @Nullable Long assignedTo,
			@Nullable Long trip, String granularity) {

		String query(boolean withGranularity) {
			return "?from=" + from + "&to=" + to + (source == null ? "" : "&source=" + source)
					+ (assignedTo == null ? "" : "&assigned_to=" + assignedTo) + (trip == null ? "" : "&trip=" + trip)
					+ (withGranularity ? "&granularity=" + granularity : "");
		}

		LocalDate previousTo() {
			return from.minusDays(1);
		}

		LocalDate previousFrom() {
			return previousTo().minusDays(to.toEpochDay() - from.toEpochDay());
		}

	}

	/** The lead filter of a scenario, on alias {@code l}. */
	private static final String FILTER = " " + """
			AND (CAST(:source AS text) IS NULL OR l.source = :source)
			AND (CAST(:assignee AS bigint) IS NULL OR coalesce(l.assigned_to, 0) = :assignee)
			AND (CAST(:trip AS bigint) IS NULL OR l.trip_id = :trip)""";

	private static final String LOCAL_DAY = "(%s AT TIME ZONE :zone)::date";

	/** Conversations: opened by the first inbound message, or one after 24 h of silence; the first person's reply. */
	private static final String CYCLES = """
			WITH m AS (
			    SELECT w.lead_id, w.id, w.created_at, w.direction,
			           lag(w.created_at) OVER (PARTITION BY w.lead_id ORDER BY w.created_at, w.id) AS previous_at,
			           count(*) FILTER (WHERE w.direction = 'in') OVER (PARTITION BY w.lead_id ORDER BY w.created_at, w.id
			               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS inbound_before
			      FROM whatsapp_message w WHERE w.direction = 'out' OR w.type <> 'reaction'),
			opening AS (
			    SELECT lead_id, created_at AS opened_at,
			           lead(created_at) OVER (PARTITION BY lead_id ORDER BY created_at) AS next_opened_at
			      FROM m WHERE direction = 'in' AND (inbound_before = 0 OR previous_at <= created_at - interval '24 hours')),
			cycle AS (
			    SELECT o.lead_id, o.opened_at,
			           (SELECT min(r.created_at) FROM whatsapp_message r
			             WHERE r.lead_id = o.lead_id AND r.direction = 'out' AND r.by_person AND r.created_at > o.opened_at
			               AND (o.next_opened_at IS NULL OR r.created_at < o.next_opened_at)) AS replied_at
			      FROM opening o)
			SELECT coalesce(l.assigned_to, 0) AS agent, c.opened_at, c.replied_at,
			       floor(extract(epoch FROM c.replied_at - c.opened_at))::bigint AS seconds
			  FROM cycle c JOIN lead l ON l.id = c.lead_id
			 WHERE (c.opened_at AT TIME ZONE :zone)::date BETWEEN :from AND :to""" + FILTER;

	private final class Expected {

		private final Scenario scenario;

		private final Map<String, Object> params = new HashMap<>();

		Expected(Scenario scenario) {
			this.scenario = scenario;
			params.put("zone", ZONE);
			params.put("from", scenario.from());
			params.put("to", scenario.to());
			params.put("unit", scenario.granularity());
			params.put("source", scenario.source());
			params.put("assignee", scenario.assignedTo());
			params.put("trip", scenario.trip());
		}

		private List<Map<String, Object>> rows(String sql) {
			return jdbc.sql(sql).params(params).query().listOfRows();
		}

		private String leadsInRange() {
			return "FROM lead l WHERE " + LOCAL_DAY.formatted("l.created_at") + " BETWEEN :from AND :to" + FILTER;
		}

		void check(String chart, JsonNode json) {
			switch (chart) {
				case "lead-trend" -> leadTrend(json);
				case "sources" -> byKey(json, "source", rows("SELECT l.source AS key, count(*) AS leads, "
						+ "count(*) FILTER (WHERE l.stage IN (SELECT key FROM pipeline_stage WHERE is_won)) AS won "
						+ leadsInRange() + " GROUP BY 1"), "leads", "won");
				case "stages" -> byKey(json, "stage", rows("SELECT l.stage AS key, count(*) AS leads " + leadsInRange()
						+ " GROUP BY 1"), "leads");
				case "funnel" -> funnel(json);
				case "revenue" -> revenue(json);
				case "response-times" -> responseTimes(json);
				case "leaderboard" -> leaderboard(json);
				case "attribution-sources" -> byKey(json, "source", rows("""
						SELECT l.source AS key, count(*) AS leads, sum(b.bookings) AS bookings, sum(b.revenue) AS revenue,
						       count(*) FILTER (WHERE l.stage IN (SELECT key FROM pipeline_stage WHERE is_won)) AS won
						  FROM lead l LEFT JOIN LATERAL (SELECT count(*) AS bookings, coalesce(sum(amount), 0) AS revenue
						                                   FROM booking WHERE lead_id = l.id AND status = 'confirmed') b ON true
						 WHERE (l.created_at AT TIME ZONE :zone)::date BETWEEN :from AND :to""" + FILTER + " GROUP BY 1"),
						"leads", "bookings", "revenue");
				case "attribution-ads" -> attributionAds(json);
				default -> throw new IllegalArgumentException(chart);
			}
		}

		/** Each row's figures equal the SQL's for its key, every SQL key has a row, and conversion is won / leads. */
		private void byKey(JsonNode json, String keyColumn, List<Map<String, Object>> expected, String... figures) {
			Map<String, JsonNode> actual = new HashMap<>();
			json.get("rows").forEach(row -> actual.put(row.get(keyColumn).asString(), row));
			for (Map<String, Object> row : expected) {
				JsonNode got = actual.get(String.valueOf(row.get("key")));
				assertThat(got).as("%s %s in %s", keyColumn, row.get("key"), scenario).isNotNull();
				for (String figure : figures) {
					assertThat(got.get(figure).decimalValue()).as("%s of %s in %s", figure, row.get("key"), scenario)
						.isEqualByComparingTo(decimal(row.get(figure)));
				}
				if (got.has("conversion")) {
					assertThat(got.get("conversion").decimalValue()).isEqualByComparingTo(
							ratio(decimal(row.get("won")), decimal(row.get("leads"))));
				}
			}
			long nonZero = 0;
			for (JsonNode row : json.get("rows")) {
				if (row.get(figures[0]).decimalValue().signum() != 0) {
					nonZero++;
				}
			}
			assertThat(nonZero).as("rows with %s in %s", figures[0], scenario)
				.isEqualTo(expected.stream().filter(row -> decimal(row.get(figures[0])).signum() != 0).count());
		}

		private void leadTrend(JsonNode json) {
			Map<String, Long> expected = new HashMap<>();
			rows("SELECT date_trunc(:unit, " + LOCAL_DAY.formatted("l.created_at") + ")::date AS period, l.source, "
					+ "count(*) AS leads " + leadsInRange() + " GROUP BY 1, 2")
				.forEach(row -> expected.put(row.get("period") + "/" + row.get("source"), ((Number) row.get("leads")).longValue()));
			Set<String> sources = new HashSet<>();
			expected.keySet().forEach(key -> sources.add(key.substring(key.indexOf('/') + 1)));
			List<String> columns = new ArrayList<>();
			json.get("columns").forEach(column -> columns.add(column.get("key").asString()));
			assertThat(columns.get(0)).isEqualTo("period");
			assertThat(new HashSet<>(columns.subList(1, columns.size()))).as("sources in %s", scenario)
				.containsAll(sources);
			long total = 0;
			for (JsonNode row : json.get("rows")) {
				for (String source : columns.subList(1, columns.size())) {
					long value = row.get(source).asLong();
					assertThat(value).as("%s %s in %s", row.get("period"), source, scenario)
						.isEqualTo(expected.getOrDefault(row.get("period").asString() + "/" + source, 0L));
					total += value;
				}
			}
			assertThat(total).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
		}

		private void funnel(JsonNode json) {
			List<Map<String, Object>> expected = rows("WITH l AS (SELECT l.id, l.stage " + leadsInRange() + """
					),
					seen AS (SELECT id AS lead_id, stage AS key FROM l
					         UNION ALL SELECT e.lead_id, e.payload->>'from' FROM lead_event e JOIN l ON l.id = e.lead_id
					          WHERE e.type = 'stage_changed'
					         UNION ALL SELECT e.lead_id, e.payload->>'to' FROM lead_event e JOIN l ON l.id = e.lead_id
					          WHERE e.type = 'stage_changed'),
					furthest AS (SELECT seen.lead_id, max(p.position) AS position FROM seen
					               JOIN pipeline_stage p ON p.key = seen.key AND NOT p.is_lost GROUP BY seen.lead_id)
					SELECT p.key, (SELECT count(*) FROM l LEFT JOIN furthest f ON f.lead_id = l.id
					                WHERE coalesce(f.position, (SELECT min(position) FROM pipeline_stage WHERE NOT is_lost))
					                      >= p.position) AS reached
					  FROM pipeline_stage p WHERE NOT p.is_lost ORDER BY p.position""");
			assertThat(json.get("rows")).hasSize(expected.size());
			BigDecimal previous = null;
			for (int i = 0; i < expected.size(); i++) {
				JsonNode row = json.get("rows").get(i);
				BigDecimal reached = decimal(expected.get(i).get("reached"));
				assertThat(row.get("stage").asString()).isEqualTo(expected.get(i).get("key"));
				assertThat(row.get("reached").decimalValue()).as("reached %s in %s", row.get("stage"), scenario)
					.isEqualByComparingTo(reached);
				if (previous == null) {
					assertThat(row.get("conversion_from_previous").isNull()).isTrue();
				}
				else {
					assertThat(row.get("conversion_from_previous").decimalValue()).isEqualByComparingTo(ratio(reached, previous));
				}
				previous = reached;
			}
		}

		private void revenue(JsonNode json) {
			Map<String, Map<String, Object>> expected = new HashMap<>();
			rows("SELECT date_trunc(:unit, " + LOCAL_DAY.formatted("b.confirmed_at") + ")::date AS period, "
					+ "sum(b.amount) AS revenue, count(*) AS bookings FROM booking b JOIN lead l ON l.id = b.lead_id "
					+ "WHERE b.status = 'confirmed' AND " + LOCAL_DAY.formatted("b.confirmed_at") + " BETWEEN :from AND :to"
					+ FILTER + " GROUP BY 1")
				.forEach(row -> expected.put(row.get("period").toString(), row));
			BigDecimal total = BigDecimal.ZERO;
			for (JsonNode row : json.get("rows")) {
				Map<String, Object> sql = expected.get(row.get("period").asString());
				assertThat(row.get("revenue").decimalValue()).as("revenue %s in %s", row.get("period"), scenario)
					.isEqualByComparingTo(sql == null ? BigDecimal.ZERO : decimal(sql.get("revenue")));
				assertThat(row.get("bookings").asLong()).isEqualTo(sql == null ? 0 : ((Number) sql.get("bookings")).longValue());
				total = total.add(row.get("revenue").decimalValue());
			}
			assertThat(total).isEqualByComparingTo(expected.values().stream().map(row -> decimal(row.get("revenue")))
				.reduce(BigDecimal.ZERO, BigDecimal::add));
		}

		private void responseTimes(JsonNode json) {
			Map<String, Object> expected = rows("SELECT count(*) FILTER (WHERE seconds < 60) AS \"< 1 min\", "
					+ "count(*) FILTER (WHERE seconds >= 60 AND seconds < 300) AS \"1–5 min\", "
					+ "count(*) FILTER (WHERE seconds >= 300 AND seconds < 900) AS \"5–15 min\", "
					+ "count(*) FILTER (WHERE seconds >= 900 AND seconds < 1800) AS \"15–30 min\", "
					+ "count(*) FILTER (WHERE seconds >= 1800 AND seconds < 3600) AS \"30–60 min\", "
					+ "count(*) FILTER (WHERE seconds >= 3600 AND seconds < 14400) AS \"1–4 h\", "
					+ "count(*) FILTER (WHERE seconds >= 14400 AND seconds < 86400) AS \"4–24 h\", "
					+ "count(*) FILTER (WHERE seconds >= 86400) AS \"24 h or more\", "
					+ "count(*) FILTER (WHERE seconds IS NULL) AS \"No reply yet\" FROM (" + CYCLES + ") cycles").get(0);
			assertThat(json.get("rows")).hasSize(expected.size());
			for (JsonNode row : json.get("rows")) {
				assertThat(row.get("conversations").asLong()).as("%s in %s", row.get("bucket"), scenario)
					.isEqualTo(((Number) expected.get(row.get("bucket").asString())).longValue());
			}
		}

		private void leaderboard(JsonNode json) {
			Map<Long, Map<String, Object>> expected = new HashMap<>();
			rows("SELECT coalesce(l.assigned_to, 0) AS agent, count(*) AS leads " + leadsInRange() + " GROUP BY 1")
				.forEach(row -> expected.computeIfAbsent(((Number) row.get("agent")).longValue(), id -> new HashMap<>())
					.put("leads", row.get("leads")));
			rows("SELECT coalesce(l.assigned_to, 0) AS agent, count(*) AS won FROM lead_event e JOIN lead l ON l.id = e.lead_id "
					+ "WHERE e.type = 'stage_changed' AND e.payload->>'to' IN (SELECT key FROM pipeline_stage WHERE is_won) AND "
					+ LOCAL_DAY.formatted("e.created_at") + " BETWEEN :from AND :to" + FILTER + " GROUP BY 1")
				.forEach(row -> expected.computeIfAbsent(((Number) row.get("agent")).longValue(), id -> new HashMap<>())
					.put("won", row.get("won")));
			rows("SELECT coalesce(l.assigned_to, 0) AS agent, sum(b.amount) AS revenue FROM booking b JOIN lead l ON l.id = b.lead_id "
					+ "WHERE b.status = 'confirmed' AND " + LOCAL_DAY.formatted("b.confirmed_at") + " BETWEEN :from AND :to"
					+ FILTER + " GROUP BY 1")
				.forEach(row -> expected.computeIfAbsent(((Number) row.get("agent")).longValue(), id -> new HashMap<>())
					.put("revenue", row.get("revenue")));
			rows("SELECT agent, percentile_disc(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM (" + CYCLES
					+ ") cycles WHERE seconds IS NOT NULL GROUP BY 1")
				.forEach(row -> expected.computeIfAbsent(((Number) row.get("agent")).longValue(), id -> new HashMap<>())
					.put("median", row.get("median")));
			Map<Long, JsonNode> actual = new HashMap<>();
			json.get("rows").forEach(row -> actual.put(row.get("agent_id").isNull() ? 0 : row.get("agent_id").asLong(), row));
			expected.forEach((agent, figures) -> {
				JsonNode row = actual.get(agent);
				assertThat(row).as("agent %d in %s", agent, scenario).isNotNull();
				assertThat(row.get("leads").asLong()).isEqualTo(((Number) figures.getOrDefault("leads", 0)).longValue());
				assertThat(row.get("won").asLong()).isEqualTo(((Number) figures.getOrDefault("won", 0)).longValue());
				assertThat(row.get("revenue").decimalValue()).isEqualByComparingTo(decimal(figures.getOrDefault("revenue", 0)));
				assertMedian(row.get("median_first_response_seconds"), figures.get("median"), "agent " + agent);
			});
			BigDecimal previous = null;
			for (JsonNode row : json.get("rows")) {
				if (previous != null) {
					assertThat(row.get("revenue").decimalValue()).as("ordered by revenue").isLessThanOrEqualTo(previous);
				}
				previous = row.get("revenue").decimalValue();
			}
		}

		private void attributionAds(JsonNode json) {
			List<Map<String, Object>> expected = rows("""
					SELECT l.ad_id AS key, count(*) AS leads, sum(b.bookings) AS bookings, sum(b.revenue) AS revenue,
					       count(*) FILTER (WHERE l.stage IN (SELECT key FROM pipeline_stage WHERE is_won)) AS won,
					       (SELECT n.referral->>'headline' FROM lead n WHERE n.ad_id = l.ad_id ORDER BY n.id DESC LIMIT 1) AS headline,
					       (SELECT n.referral->>'source_url' FROM lead n WHERE n.ad_id = l.ad_id ORDER BY n.id DESC LIMIT 1) AS url
					  FROM lead l LEFT JOIN LATERAL (SELECT count(*) AS bookings, coalesce(sum(amount), 0) AS revenue
					                                   FROM booking WHERE lead_id = l.id AND status = 'confirmed') b ON true
					 WHERE l.ad_id IS NOT NULL AND (l.created_at AT TIME ZONE :zone)::date BETWEEN :from AND :to""" + FILTER
					+ " GROUP BY 1");
			byKey(json, "ad_id", expected, "leads", "bookings", "revenue");
			Map<String, JsonNode> actual = new HashMap<>();
			json.get("rows").forEach(row -> actual.put(row.get("ad_id").asString(), row));
			for (Map<String, Object> row : expected) {
				assertThat(actual.get((String) row.get("key")).get("headline").asString()).isEqualTo(row.get("headline"));
				assertThat(actual.get((String) row.get("key")).get("source_url").asString()).isEqualTo(row.get("url"));
			}
		}

		void checkMetrics(JsonNode metrics) {
			assertThat(metrics.get("response_time_target_seconds").asLong()).isEqualTo(900);
			for (boolean previous : new boolean[] { false, true }) {
				Map<String, Object> period = new HashMap<>(params);
				if (previous) {
					period.put("from", scenario.previousFrom());
					period.put("to", scenario.previousTo());
				}
				String field = previous ? "previous" : "value";
				Map<String, Object> engagement = jdbc.sql("""
						WITH first_out AS (SELECT DISTINCT ON (lead_id) lead_id, created_at FROM whatsapp_message
						                    WHERE direction = 'out' ORDER BY lead_id, created_at, id)
						SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM whatsapp_message i WHERE i.lead_id = f.lead_id
						           AND i.direction = 'in' AND i.type <> 'reaction' AND i.created_at > f.created_at)) AS replied,
						       count(*) AS contacted
						  FROM first_out f JOIN lead l ON l.id = f.lead_id
						 WHERE (f.created_at AT TIME ZONE :zone)::date BETWEEN :from AND :to""" + FILTER)
					.params(period).query().singleRow();
				Map<String, Object> reads = jdbc.sql("""
						SELECT count(*) FILTER (WHERE w.status IN ('read', 'played')) AS read,
						       count(*) FILTER (WHERE w.status IN ('delivered', 'read', 'played')) AS delivered,
						       count(*) FILTER (WHERE w.direction = 'in' AND w.type <> 'reaction') AS messages_in,
						       count(*) FILTER (WHERE w.direction = 'out') AS messages_out
						  FROM whatsapp_message w JOIN lead l ON l.id = w.lead_id
						 WHERE (w.created_at AT TIME ZONE :zone)::date BETWEEN :from AND :to""" + FILTER)
					.params(period).query().singleRow();
				Map<String, Object> cycles = jdbc.sql("SELECT count(*) AS opened, count(*) FILTER (WHERE seconds <= 900) AS "
						+ "within, percentile_disc(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM (" + CYCLES + ") c")
					.params(period).query().singleRow();
				String what = field + " in " + scenario;
				assertThat(metrics.get("replied_share").get(field).decimalValue()).as("replied share, %s", what)
					.isEqualByComparingTo(ratio(decimal(engagement.get("replied")), decimal(engagement.get("contacted"))));
				assertThat(metrics.get("read_rate").get(field).decimalValue()).as("read rate, %s", what)
					.isEqualByComparingTo(ratio(decimal(reads.get("read")), decimal(reads.get("delivered"))));
				assertThat(metrics.get("messages_in").get(field).decimalValue()).isEqualByComparingTo(decimal(reads.get("messages_in")));
				assertThat(metrics.get("messages_out").get(field).decimalValue()).isEqualByComparingTo(decimal(reads.get("messages_out")));
				assertThat(metrics.get("answered_within_target_share").get(field).decimalValue()).as("within target, %s", what)
					.isEqualByComparingTo(ratio(decimal(cycles.get("within")), decimal(cycles.get("opened"))));
				assertMedian(metrics.get("median_first_response_seconds").get(field), cycles.get("median"), what);
			}
		}

		/** The median is exact to its histogram bucket: 15 s under 2 minutes, a quarter of the value beyond. */
		private void assertMedian(JsonNode actual, @Nullable Object exact, String what) {
			if (exact == null) {
				assertThat(actual.isNull()).as("no median, %s", what).isTrue();
				return;
			}
			long seconds = ((Number) exact).longValue();
			assertThat(actual.asLong()).as("median %d, %s", seconds, what)
				.isBetween(seconds - Math.max(15, seconds / 4), seconds + Math.max(15, seconds / 4));
		}

	}

	private static void assertColumnsKeyTheRows(JsonNode chart) {
		List<String> keys = new ArrayList<>();
		chart.get("columns").forEach(column -> {
			keys.add(column.get("key").asString());
			assertThat(column.get("type").asString()).isIn("date", "text", "number", "money", "ratio", "seconds");
		});
		chart.get("rows").forEach(row -> {
			List<String> rowKeys = new ArrayList<>();
			row.propertyNames().forEach(rowKeys::add);
			assertThat(rowKeys).isEqualTo(keys);
		});
	}

	private static BigDecimal decimal(@Nullable Object value) {
		return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
	}

	private static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
		return whole.signum() == 0 ? BigDecimal.ZERO : part.divide(whole, 4, RoundingMode.HALF_UP);
	}

	private long createLead(ApiClient client, String name, String phone, String source) {
		var response = client.post("/api/leads/", Map.of("name", name, "phone", phone, "source", source));
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private long awaitLead(String phone) {
		String e164 = phone.replaceAll("[^+0-9]", "");
		Eventually.await(() -> count("SELECT count(*) FROM lead WHERE phone_e164 = '" + e164 + "'") == 1, "lead " + phone);
		return jdbc.sql("SELECT id FROM lead WHERE phone_e164 = ?").param(e164).query(Long.class).single();
	}

	private JsonNode awaitRollupsExact(ApiClient admin) {
		JsonNode[] last = new JsonNode[1];
		Eventually.await(() -> {
			last[0] = admin.get("/api/analytics/verify/").json();
			// Nothing pending either: the charts read the cells alone.
			return last[0].get("differences").asLong() == 0 && last[0].get("pending_increments").asLong() == 0;
		}, "the rollups to equal a recomputation");
		return last[0];
	}

	/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
	private static List<List<String>> parseCsv(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r') {
				continue;
			}
			else if (c == '\n') {
				record.add(field.toString());
				field.setLength(0);
				records.add(record);
				record = new ArrayList<>();
			}
			else {
				field.append(c);
			}
		}
		return records;
	}

}
