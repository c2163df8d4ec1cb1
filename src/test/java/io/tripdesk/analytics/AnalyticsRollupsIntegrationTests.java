package io.tripdesk.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-fed rollups against their rebuild after many kinds of change, in a database of their own (the
 * revenue and leads made here would disturb other tests' figures for today) and a half-hour time zone.
 */
@TestPropertySource(properties = "tripdesk.agency.time-zone=Asia/Kolkata")
class AnalyticsRollupsIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	/**
	 * Ordinary and odd changes, one after the other and at once: the event-fed rollups end equal to a rebuild
	 * from the raw tables. Each step answers as expected, so a refused request cannot hide a missed case.
	 */
	@Test
	void theRollupsStayEqualToTheirRebuildThroughOrdinaryAndOddChanges() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("rollup.agent@test.local");
		ApiClient rival = newAgent("rollup.rival@test.local");
		long agentId = userId(agent);
		long rivalId = userId(rival);
		long eur = trip(admin, "ROLL-EUR", "EUR", "1000.00");
		long sek = trip(admin, "ROLL-SEK", "SEK", "0.00");
		long doomed = trip(admin, "ROLL-GONE", "USD", "10.00");
		long unbooked = trip(admin, "ROLL-GONE-2", "EUR", "99.99");

		// Odd values: the largest amounts, a lead born won, one born lost, one interested in trips that go away.
		Map<String, Object> rich = new HashMap<>(Map.of("name", "Rollup Rich \u00e9\u4e2d", "phone", "+55 11 98888-0301",
				"source", "instagram", "expected_value", "9999999999.99", "assigned_to", agentId, "trip_id", doomed));
		long richLead = status(201, admin.post("/api/leads/", rich)).get("id").asLong();
		long bornWon = status(201, admin.post("/api/leads/", Map.of("name", "Rollup Won", "source", "referral",
				"stage", "won", "expected_value", "0.01", "trip_id", doomed))).get("id").asLong();
		long bornLost = status(201, agent.post("/api/leads/", Map.of("name", "Rollup Lost", "source", "website",
				"stage", "lost", "trip_id", unbooked))).get("id").asLong();
		long plain = status(201, rival.post("/api/leads/", Map.of("name", "Rollup Plain", "phone", "+55 11 98888-0302",
				"source", "facebook"))).get("id").asLong();
		long shortLived = status(201, admin.post("/api/leads/", Map.of("name", "Rollup Gone", "source", "email",
				"stage", "negotiation", "expected_value", 5))).get("id").asLong();

		// Stages back and forth, won and lost more than once.
		for (String stage : List.of("contacted", "won", "new", "lost", "negotiation", "won")) {
			status(200, admin.post("/api/leads/" + plain + "/change-stage/", Map.of("stage", stage, "note", "step")));
		}
		status(200, admin.patch("/api/leads/" + bornWon + "/", Map.of("stage", "qualified", "expected_value", "0")));
		status(200, admin.post("/api/leads/bulk/", Map.of("ids", List.of(bornLost, shortLived), "stage", "proposal_sent")));
		// Assigned, moved to another agent, unassigned; source and trip changed.
		status(200, admin.patch("/api/leads/" + plain + "/", Map.of("assigned_to", agentId, "source", "website")));
		status(200, admin.post("/api/leads/bulk/", Map.of("ids", List.of(plain, bornLost), "assigned_to", rivalId)));
		Map<String, Object> unassign = new HashMap<>();
		unassign.put("assigned_to", null);
		unassign.put("trip_id", sek);
		status(200, admin.patch("/api/leads/" + bornLost + "/", unassign));

		// Bookings in two currencies: confirmed, cancelled after confirmation, cancelled pending, free of charge.
		long confirmed = booking(admin, richLead, eur, 2, null);
		status(200, admin.post("/api/bookings/" + confirmed + "/confirm/", null));
		long undone = booking(admin, plain, sek, 3, "0");
		status(200, admin.post("/api/bookings/" + undone + "/confirm/", null));
		status(200, admin.post("/api/bookings/" + undone + "/cancel/", null));
		status(200, admin.post("/api/bookings/" + undone + "/cancel/", null));
		long pending = booking(admin, bornWon, eur, 1, "12.34");
		status(200, admin.post("/api/bookings/" + pending + "/cancel/", null));
		long sekBooking = booking(admin, bornLost, sek, 1, "250.50");
		status(200, admin.post("/api/bookings/" + sekBooking + "/confirm/", null));
		// The booked lead changes cell after its revenue: the revenue follows it.
		status(200, admin.patch("/api/leads/" + richLead + "/", Map.of("source", "referral", "assigned_to", rivalId)));

		// Messages in and out; a reaction counts for nothing.
		JsonNode sent = status(202, admin.post("/api/whatsapp/sandbox/messages/",
				Map.of("phone", "+55 21 97777-0301", "name", "Rollup Wa", "text", "Oi!")));
		Eventually.await(() -> sql("SELECT count(*) FROM whatsapp_message WHERE wamid = ?", sent.get("wamid").asString())
			.signum() > 0, "the customer's message to be stored");
		status(202, admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", "+55 21 97777-0301", "type", "reaction",
				"reply_to_wamid", sent.get("wamid").asString(), "emoji", "\ud83d\udc4d")));
		long waLead = sql("SELECT lead_id FROM whatsapp_message WHERE wamid = ?", sent.get("wamid").asString()).longValue();
		status(202, admin.post("/api/whatsapp/send-message/", Map.of("lead_id", waLead, "type", "text", "text", "Olá!")));
		status(200, admin.patch("/api/leads/" + waLead + "/", Map.of("assigned_to", agentId, "trip_id", unbooked)));

		// Deletions: a lead with a past, and trips leads were interested in.
		status(204, admin.delete("/api/leads/" + shortLived + "/"));
		status(204, admin.delete("/api/trips/" + doomed + "/"));
		status(204, admin.delete("/api/trips/" + unbooked + "/"));

		JsonNode verification = awaitRollupsExact(admin);
		assertThat(verification.get("differences").asLong()).as("event-fed rollups equal the raw recomputation: %s",
				verification).isZero();
	}

	private static JsonNode status(int expected, ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(expected);
		return response.text().isEmpty() ? NullNode.getInstance() : response.json();
	}

	private static long trip(ApiClient admin, String code, String currency, String price) {
		return status(201, admin.post("/api/trips/", Map.of("code", code, "title", "Trip " + code, "destination", "Rio",
				"start_date", LocalDate.now().plusDays(30).toString(), "end_date", LocalDate.now().plusDays(35).toString(),
				"price", price, "currency", currency, "capacity", 10))).get("id").asLong();
	}

	private static long booking(ApiClient admin, long lead, long trip, int travelers, @Nullable String amount) {
		Map<String, Object> body = new HashMap<>(Map.of("lead_id", lead, "trip_id", trip, "travelers", travelers));
		if (amount != null) {
			body.put("amount", amount);
		}
		return status(201, admin.post("/api/bookings/", body)).get("id").asLong();
	}

	private BigDecimal sql(String query, Object... params) {
		return jdbc.sql("SELECT coalesce((" + query + "), 0)").params(params).query(BigDecimal.class).single();
	}

	/** The verification once nothing differs or waits to be added, or the last one after 15 s. */
	private static JsonNode awaitRollupsExact(ApiClient admin) {
		JsonNode[] last = new JsonNode[1];
		try {
			Eventually.await(() -> {
				last[0] = admin.get("/api/analytics/verify/").json();
				return last[0].get("differences").asLong() == 0 && last[0].get("pending_increments").asLong() == 0;
			}, "the rollups to equal their rebuild");
		}
		catch (AssertionError timedOut) {
			// The caller's assertion shows the differences.
		}
		return last[0];
	}

}
