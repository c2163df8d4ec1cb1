package io.tripdesk.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The metrics against straightforward SQL over the raw tables, in a time zone far from UTC. */
@TestPropertySource(properties = "tripdesk.agency.time-zone=" + AnalyticsIntegrationTests.ZONE)
class AnalyticsIntegrationTests extends IntegrationTest {

	static final String ZONE = "America/Sao_Paulo";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEventPublisher publisher;

	private long lead(ApiClient client, String name, String phone, String source) {
		var response = client.post("/api/leads/", Map.of("name", name, "phone", phone, "source", source));
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private JsonNode awaitRollupsExact(ApiClient admin) {
		Instant deadline = Instant.now().plusSeconds(15);
		JsonNode last = null;
		while (Instant.now().isBefore(deadline)) {
			last = admin.get("/api/analytics/verify/").json();
			// Nothing pending either: the metrics read the cells alone.
			if (last.get("differences").asLong() == 0 && last.get("pending_increments").asLong() == 0) {
				return last;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return last;
	}

	private BigDecimal sql(String query, Object... params) {
		return jdbc.sql("SELECT coalesce((" + query + "), 0)").params(params).query(BigDecimal.class).single();
	}

	@Test
	void theEventFedRollupsEqualARecomputationAndTheMetricsEqualPlainSql() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("analyst.agent@test.local");
		long a = lead(admin, "Metric Ana", "+55 11 98888-0001", "instagram");
		long b = lead(admin, "Metric Bruno", "+55 11 98888-0002", "website");
		long c = lead(agent, "Metric Carla", "+55 11 98888-0003", "instagram");
		admin.patch("/api/leads/" + a + "/", Map.of("expected_value", 4200, "assigned_to", userId(agent)));
		admin.post("/api/leads/" + b + "/change-stage/", Map.of("stage", "lost", "note", "Too expensive"));
		long trip = admin.post("/api/trips/", Map.of("code", "MET-1", "title", "Metrics trip", "destination", "Rio",
				"start_date", LocalDate.now().plusDays(30).toString(), "end_date", LocalDate.now().plusDays(35).toString(),
				"price", 1000, "capacity", 10)).json().get("id").asLong();
		long booking = admin.post("/api/bookings/", Map.of("lead_id", a, "trip_id", trip, "travelers", 2)).json().get("id").asLong();
		admin.post("/api/bookings/" + booking + "/confirm/", null);
		long cancelled = admin.post("/api/bookings/", Map.of("lead_id", c, "trip_id", trip, "travelers", 1)).json().get("id").asLong();
		admin.post("/api/bookings/" + cancelled + "/confirm/", null);
		admin.post("/api/bookings/" + cancelled + "/cancel/", null);
		admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", "+55 21 97777-0001", "name", "Metric Wa", "text", "Oi!"));
		admin.patch("/api/leads/" + c + "/", Map.of("source", "referral"));
		// The sandbox's webhook is processed after it was answered: the rollups are compared once it made its lead.
		Eventually.await(() -> sql("SELECT count(*) FROM whatsapp_message m JOIN lead l ON l.id = m.lead_id "
				+ "WHERE l.phone_e164 = '+5521977770001'").signum() > 0, "the customer's message to be stored");

		JsonNode verification = awaitRollupsExact(admin);
		assertThat(verification.get("differences").asLong()).as("event-fed rollups equal the raw recomputation: %s",
				verification).isZero();

		LocalDate today = LocalDate.now(ZoneId.of(ZONE));
		JsonNode metrics = admin.get("/api/analytics/metrics/?from=" + today + "&to=" + today).json();
		Instant start = today.atStartOfDay(ZoneId.of(ZONE)).toInstant();
		Instant end = today.plusDays(1).atStartOfDay(ZoneId.of(ZONE)).toInstant();
		assertThat(metrics.get("new_leads").get("value").decimalValue()).isEqualByComparingTo(
				sql("SELECT count(*) FROM lead WHERE created_at >= ? AND created_at < ?", ts(start), ts(end)));
		assertThat(metrics.get("revenue").get("value").decimalValue()).isEqualByComparingTo(
				sql("SELECT sum(amount) FROM booking WHERE status = 'confirmed' AND confirmed_at >= ? AND confirmed_at < ?",
						ts(start), ts(end)));
		assertThat(metrics.get("revenue").get("value").decimalValue()).isEqualByComparingTo("2000");
		assertThat(metrics.get("bookings").get("value").decimalValue()).isEqualByComparingTo("1");
		assertThat(metrics.get("lost").get("value").decimalValue()).isEqualByComparingTo(
				sql("SELECT count(*) FROM lead_event WHERE type = 'stage_changed' AND payload->>'to' = 'lost' "
						+ "AND created_at >= ? AND created_at < ?", ts(start), ts(end)));
		assertThat(metrics.get("messages_in").get("value").decimalValue()).isEqualByComparingTo(
				sql("SELECT count(*) FROM whatsapp_message WHERE direction = 'in' AND created_at >= ? AND created_at < ?",
						ts(start), ts(end)));
		assertThat(metrics.get("pipeline_value").decimalValue()).isEqualByComparingTo(
				sql("SELECT sum(expected_value) FROM lead l JOIN pipeline_stage s ON s.key = l.stage "
						+ "WHERE NOT s.is_won AND NOT s.is_lost"));
		JsonNode bySource = admin.get("/api/analytics/metrics/?from=" + today + "&to=" + today + "&source=instagram").json();
		assertThat(bySource.get("new_leads").get("value").decimalValue()).isEqualByComparingTo(
				sql("SELECT count(*) FROM lead WHERE source = 'instagram' AND created_at >= ? AND created_at < ?",
						ts(start), ts(end)));
		JsonNode byAgent = admin.get("/api/analytics/metrics/?from=" + today + "&to=" + today + "&assigned_to=" + userId(agent)).json();
		assertThat(byAgent.get("revenue").get("value").decimalValue()).isEqualByComparingTo("2000");
	}

	@Test
	void daysStartInTheAgencysTimeZoneAndEmptyRangesAreZero() {
		ApiClient admin = admin();
		long early = lead(admin, "Boundary Early", "+55 11 98888-0101", "email");
		long late = lead(admin, "Boundary Late", "+55 11 98888-0102", "email");
		// 02:30 UTC on 2 March is still 1 March in São Paulo (UTC-3); 03:30 UTC is 2 March.
		jdbc.sql("UPDATE lead SET created_at = '2025-03-02T02:30:00Z' WHERE id = ?").param(early).update();
		jdbc.sql("UPDATE lead SET created_at = '2025-03-02T03:30:00Z' WHERE id = ?").param(late).update();
		assertThat(admin.post("/api/analytics/rebuild/", null).json().get("differences_before").asLong()).isPositive();
		JsonNode verification = admin.get("/api/analytics/verify/").json();
		assertThat(verification.get("differences").asLong()).as(verification.toString()).isZero();

		JsonNode firstOfMarch = admin.get("/api/analytics/metrics/?from=2025-03-01&to=2025-03-01&source=email").json();
		JsonNode secondOfMarch = admin.get("/api/analytics/metrics/?from=2025-03-02&to=2025-03-02&source=email").json();
		assertThat(firstOfMarch.get("new_leads").get("value").asInt()).isEqualTo(1);
		assertThat(secondOfMarch.get("new_leads").get("value").asInt()).isEqualTo(1);
		assertThat(secondOfMarch.get("new_leads").get("previous").asInt()).as("the day before").isEqualTo(1);
		assertThat(secondOfMarch.get("new_leads").get("change").decimalValue()).isEqualByComparingTo("0");
		JsonNode empty = admin.get("/api/analytics/metrics/?from=2020-01-01&to=2020-01-31").json();
		assertThat(empty.get("new_leads").get("value").asInt()).isZero();
		assertThat(empty.get("conversion_rate").get("value").decimalValue()).isZero();
		assertThat(empty.get("new_leads").get("change").isNull()).isTrue();
		assertThat(empty.get("range").get("previous_to").asString()).isEqualTo("2019-12-31");
		assertThat(empty.get("range").get("previous_from").asString()).isEqualTo("2019-12-01");
	}

	@Test
	void listenersIncrementsWaitBesideTheCellsUntilTheFlusherAddsThem() {
		ApiClient admin = admin();
		awaitRollupsExact(admin);
		String cell = "SELECT coalesce(sum(amount), 0) FROM analytics_activity WHERE source = 'flush-test'";
		String pending = "SELECT count(*) FROM analytics_activity_delta WHERE source = 'flush-test'";
		jdbc.sql("""
				INSERT INTO analytics_activity_delta (day, metric, source, assigned_to, trip_id, amount)
				VALUES ('2020-06-01', 'messages_in', 'flush-test', 0, 0, 2), ('2020-06-01', 'messages_in', 'flush-test', 0, 0, 3)""")
			.update();

		Eventually.await(() -> jdbc.sql(pending).query(Long.class).single() == 0, "the flusher to take the increments");
		assertThat(jdbc.sql(cell).query(BigDecimal.class).single()).isEqualByComparingTo("5");

		// Increments with no raw data behind them are a difference; a rebuild takes them out.
		assertThat(admin.get("/api/analytics/verify/").json().get("differences").asLong()).isPositive();
		admin.post("/api/analytics/rebuild/", null);
		assertThat(jdbc.sql(cell).query(BigDecimal.class).single()).isZero();
		awaitRollupsExact(admin);
	}

	@Test
	void badRangesAreProblems() {
		ApiClient admin = admin();

		assertThat(admin.get("/api/analytics/metrics/?from=2025-02-01&to=2025-01-01").status()).isEqualTo(400);
		assertThat(admin.get("/api/analytics/metrics/?from=yesterday").status()).isEqualTo(400);
		assertThat(admin.get("/api/analytics/metrics/?from=2000-01-01&to=2025-01-01").status()).isEqualTo(400);
		assertThat(newAgent("not.analyst@test.local").post("/api/analytics/rebuild/", null).status()).isEqualTo(403);
	}

	@Test
	void daysOutsideTheSupportedRangeAreAProblemNamingTheParameterOnEveryEndpoint() {
		ApiClient admin = admin();

		for (String endpoint : new String[] { "/api/analytics/metrics/", "/api/analytics/charts/lead-trend/",
				"/api/analytics/charts/revenue/", "/api/analytics/dashboard/", "/api/insights/" }) {
			assertParameter(admin.get(endpoint + "?from=-999999999-01-01"), "from");
			assertParameter(admin.get(endpoint + "?to=%2B999999999-12-31"), "to");
			assertParameter(admin.get(endpoint + "?from=0001-01-01&to=0001-01-30"), "from");
			assertParameter(admin.get(endpoint + "?from=9999-12-01&to=%2B10000-01-01"), "to");
			assertParameter(admin.get(endpoint + "?from=%202026-01-01"), "from");
		}
		assertThat(admin.get("/api/analytics/metrics/?from=1900-01-01&to=1900-01-30").status()).isEqualTo(200);
		assertThat(admin.get("/api/insights/?from=9999-12-01&to=9999-12-31").status()).isEqualTo(200);
	}

	private static void assertParameter(ApiClient.ApiResponse response, String parameter) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo(parameter);
		assertThat(error.get("message").asString()).contains("1900-01-01", "9999-12-31");
	}

	@Test
	void keyFiguresUpdateLiveAfterAChange() {
		ApiClient admin = admin();
		try (LiveClient live = LiveClient.connect(admin, null)) {
			live.awaitType("hello");

			lead(admin, "Live Figures", "+55 11 98888-0201", "website");

			// An earlier change may be announced first; the one after this lead counts it.
			JsonNode update = live.await(message -> message.path("type").asString("").equals("metrics_updated")
					&& message.path("new_leads_today").asLong() > 0, Duration.ofSeconds(5));
			assertThat(update.has("open_pipeline_value")).isTrue();
		}
	}

	/**
	 * A send queued at an instant whose nanoseconds end in a half, written as the send service writes it: the
	 * rollups place the message at the microsecond its row keeps (PostgreSQL would round such text to even).
	 */
	@Test
	void anOutboundMessageSitsAtTheMicrosecondOfItsRow() {
		ApiClient admin = admin();
		long lead = lead(admin, "Micro Mia", "+55 11 98888-0401", "website");
		Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(500);
		transactions.executeWithoutResult(status -> {
			long message = jdbc.sql("""
					INSERT INTO whatsapp_message (lead_id, direction, type, body, status, idempotency_key, by_person, created_at)
					VALUES (?, 'out', 'text', 'Olá', 'failed', ?, TRUE, ?) RETURNING id""")
				.params(lead, "micro-" + lead, java.sql.Timestamp.from(at)).query(Long.class).single();
			publisher.publishEvent(new MessageStatusesChanged(List.of(
					new MessageStatusChanged(message, lead, null, "queued", null, null, null, true, at))));
		});
		Eventually.await(() -> sql("SELECT count(*) FROM analytics_message WHERE lead_id = ?", lead).signum() > 0,
				"the rollups to note the message");

		JsonNode verification = awaitRollupsExact(admin);
		assertThat(verification.get("differences").asLong()).as("event-fed rollups equal the raw recomputation: %s",
				verification).isZero();
	}

	private static java.sql.Timestamp ts(Instant instant) {
		return java.sql.Timestamp.from(instant);
	}

}
