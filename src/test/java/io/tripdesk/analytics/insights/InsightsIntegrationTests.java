package io.tripdesk.analytics.insights;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Each insight appears for data built to trigger it, and not for data just short of it. */
class InsightsIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	private long lead(ApiClient client, String name, Map<String, Object> fields) {
		Map<String, Object> body = new HashMap<>(fields);
		body.put("name", name);
		var response = client.post("/api/leads/", body);
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private long trip(String code, int startsInDays, int price, int capacity, int seatsBooked) {
		LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(startsInDays);
		var response = admin().post("/api/trips/", Map.of("code", code, "title", "Trip " + code, "destination", "Lisbon",
				"start_date", start.toString(), "end_date", start.plusDays(5).toString(), "price", price, "capacity", capacity));
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		long id = response.json().get("id").asLong();
		// Seats as confirmed bookings would have left them.
		jdbc.sql("UPDATE trip SET seats_booked = ? WHERE id = ?").params(seatsBooked, id).update();
		return id;
	}

	private static @Nullable JsonNode insight(ApiClient client, String kind) {
		var response = client.get("/api/insights/");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		for (JsonNode insight : response.json().get("insights")) {
			if (insight.get("kind").asString().equals(kind)) {
				return insight;
			}
		}
		return null;
	}

	private static List<String> itemIds(@Nullable JsonNode insight) {
		List<String> ids = new ArrayList<>();
		if (insight != null) {
			insight.get("items").forEach(item -> ids.add(item.get("id").asString()));
		}
		return ids;
	}

	private static String evidence(JsonNode insight, String label) {
		for (JsonNode evidence : insight.get("evidence")) {
			if (evidence.get("label").asString().equals(label)) {
				return evidence.get("value").asString();
			}
		}
		throw new AssertionError("no evidence " + label + " in " + insight);
	}

	private long sqlCount(String sql, Object... params) {
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	private void shift(long leadId, String column, Duration ago) {
		jdbc.sql("UPDATE lead SET " + column + " = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now().minus(ago)), leadId).update();
	}

	@Test
	void highValueLeadsBeforeTheProposalAreListedByValue() {
		ApiClient admin = admin();
		long trip = trip("HV-1", 60, 2500, 40, 0);
		long byBudget = lead(admin, "Valuable Budget", Map.of("stage", "qualified", "budget", 5200));
		long byTrip = lead(admin, "Valuable Trip", Map.of("stage", "new", "trip_id", trip, "travelers", 3));
		long small = lead(admin, "Small Budget", Map.of("stage", "qualified", "budget", 900));
		long alreadyProposed = lead(admin, "Proposed Already", Map.of("stage", "proposal_sent", "budget", 9000));
		long old = lead(admin, "Old Valuable", Map.of("stage", "contacted", "budget", 8000));
		shift(old, "created_at", Duration.ofDays(90));

		JsonNode insight = insight(admin, "high_value_not_in_proposal");

		assertThat(insight).isNotNull();
		// 3 × 2,500 = 7,500 by trip ranks above the budget of 5,200.
		assertThat(itemIds(insight)).containsSubsequence(String.valueOf(byTrip), String.valueOf(byBudget))
			.doesNotContain(String.valueOf(small), String.valueOf(alreadyProposed), String.valueOf(old));
		assertThat(insight.get("items").get(0).get("link").asString()).isEqualTo("/leads/" + byTrip);
		assertThat(Long.parseLong(evidence(insight, "Leads"))).isEqualTo(sqlCount("""
				SELECT count(*) FROM lead l LEFT JOIN trip t ON t.id = l.trip_id
				 WHERE l.stage IN ('new', 'contacted', 'qualified') AND l.created_at > now() - interval '60 days'
				   AND greatest(l.expected_value, l.budget, coalesce(l.travelers, 1) * t.price) >= 3000"""));
		assertThat(insight.get("action").get("link").asString()).isEqualTo("/leads?stage=new,contacted,qualified");
		assertThat(insight.get("explanation").asString()).contains("travellers times the price");
	}

	@Test
	void customersWaitingLongerThanTheTargetAreListedLongestFirstAndAgentsSeeOnlyTheirs() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("waiting.agent@test.local");
		ApiClient otherAgent = newAgent("waiting.other@test.local");
		long mine = lead(agent, "Waiting Mine", Map.of());
		long unassigned = lead(admin, "Waiting Unassigned", Map.of());
		long others = lead(otherAgent, "Waiting Others", Map.of());
		long recent = lead(admin, "Waiting Briefly", Map.of());
		shift(mine, "awaiting_reply_since", Duration.ofMinutes(40));
		shift(unassigned, "awaiting_reply_since", Duration.ofHours(3));
		shift(others, "awaiting_reply_since", Duration.ofHours(2));
		shift(recent, "awaiting_reply_since", Duration.ofMinutes(5));

		JsonNode forAdmin = insight(admin, "waiting_for_reply");
		JsonNode forAgent = insight(agent, "waiting_for_reply");

		assertThat(itemIds(forAdmin)).containsSubsequence(String.valueOf(unassigned), String.valueOf(others),
				String.valueOf(mine)).doesNotContain(String.valueOf(recent));
		// Three hours is more than four times the 15-minute target.
		assertThat(forAdmin.get("severity").asString()).isEqualTo("critical");
		assertThat(forAdmin.get("items").get(0).get("link").asString()).isEqualTo("/inbox/" + unassigned);
		assertThat(Long.parseLong(evidence(forAdmin, "Waiting")))
			.isEqualTo(sqlCount("SELECT count(*) FROM lead WHERE awaiting_reply_since < now() - interval '15 minutes'"));
		assertThat(itemIds(forAgent)).contains(String.valueOf(mine), String.valueOf(unassigned))
			.doesNotContain(String.valueOf(others), String.valueOf(recent));
		assertThat(Long.parseLong(evidence(forAgent, "Waiting"))).isEqualTo(sqlCount("""
				SELECT count(*) FROM lead WHERE awaiting_reply_since < now() - interval '15 minutes'
				   AND (assigned_to = ? OR assigned_to IS NULL)""", userId(agent)));
		assertThat(insight(otherAgent, "waiting_for_reply").get("severity").asString()).isEqualTo("critical");
	}

	@Test
	void leadsSilentForAWeekAfterAProposalAreListed() {
		ApiClient admin = admin();
		long silent = lead(admin, "Silent Proposal", Map.of("stage", "proposal_sent"));
		shift(silent, "stage_changed_at", Duration.ofDays(12));
		shift(silent, "last_inbound_at", Duration.ofDays(9));
		long neverWrote = lead(admin, "Silent Never Wrote", Map.of("stage", "negotiation"));
		shift(neverWrote, "stage_changed_at", Duration.ofDays(8));
		long talking = lead(admin, "Still Talking", Map.of("stage", "negotiation"));
		shift(talking, "stage_changed_at", Duration.ofDays(20));
		shift(talking, "last_inbound_at", Duration.ofDays(1));
		long justProposed = lead(admin, "Just Proposed", Map.of("stage", "proposal_sent"));
		shift(justProposed, "last_inbound_at", Duration.ofDays(30));
		long qualified = lead(admin, "Quiet Qualified", Map.of("stage", "qualified"));
		shift(qualified, "stage_changed_at", Duration.ofDays(30));

		JsonNode insight = insight(admin, "silent_after_proposal");

		assertThat(itemIds(insight)).containsSubsequence(String.valueOf(silent), String.valueOf(neverWrote))
			.doesNotContain(String.valueOf(talking), String.valueOf(justProposed), String.valueOf(qualified));
		assertThat(Long.parseLong(evidence(insight, "Leads"))).isEqualTo(sqlCount("""
				SELECT count(*) FROM lead WHERE stage IN ('proposal_sent', 'negotiation')
				   AND stage_changed_at < now() - interval '7 days'
				   AND (last_inbound_at IS NULL OR last_inbound_at < now() - interval '7 days')"""));
		assertThat(insight.get("action").get("link").asString()).isEqualTo("/leads?stage=proposal_sent,negotiation");
	}

	@Test
	void aSourceWhoseWinRateChangedSignificantlyIsShownWithItsTest() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("sources.agent@test.local");
		long adminId = userId(admin);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// Instagram, unassigned: 40 of 50 won before, 10 of 50 now.
		decided("instagram", 0, today.minusDays(40), 40, 10);
		decided("instagram", 0, today.minusDays(5), 10, 40);
		// Website: 20 of 40 before, 23 of 40 now, which chance explains.
		decided("website", 0, today.minusDays(40), 20, 20);
		decided("website", 0, today.minusDays(5), 23, 17);
		// Facebook: all 3 won before, none of 3 now, too few to tell.
		decided("facebook", 0, today.minusDays(40), 3, 0);
		decided("facebook", 0, today.minusDays(5), 0, 3);
		// Referral, the admin's own leads: 10 of 40 before, 35 of 40 now.
		decided("referral", adminId, today.minusDays(40), 10, 30);
		decided("referral", adminId, today.minusDays(5), 35, 5);

		JsonNode forAdmin = insight(admin, "source_conversion_change");
		JsonNode forAgent = insight(agent, "source_conversion_change");

		assertThat(itemIds(forAdmin)).containsExactlyInAnyOrder("instagram", "referral");
		assertThat(forAdmin.get("severity").asString()).isEqualTo("warning");
		JsonNode instagram = forAdmin.get("items").findParents("id").stream()
			.filter(item -> item.get("id").asString().equals("instagram")).findFirst().orElseThrow();
		assertThat(instagram.get("detail").asString()).contains("80 % → 20 %")
			.contains("z = " + String.format(Locale.ROOT, "%.2f", z(40, 50, 10, 50)));
		assertThat(instagram.get("link").asString()).isEqualTo("/leads?source=instagram");
		assertThat(itemIds(forAgent)).containsExactly("instagram");
		assertThat(forAdmin.get("explanation").asString()).contains("two-proportion z-test");

		var badRange = admin.get("/api/insights/?from=2026-03-01&to=2026-02-01");
		assertThat(badRange.status()).isEqualTo(400);
		assertThat(badRange.contentType()).startsWith("application/problem+json");
		assertThat(badRange.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
		assertThat(admin.get("/api/insights/?to=yesterday").status()).isEqualTo(400);
	}

	/** The two-proportion z statistic, now against before. */
	private static double z(int wonBefore, int decidedBefore, int wonNow, int decidedNow) {
		double before = (double) wonBefore / decidedBefore;
		double now = (double) wonNow / decidedNow;
		double pooled = (double) (wonBefore + wonNow) / (decidedBefore + decidedNow);
		return (now - before) / Math.sqrt(pooled * (1 - pooled) * (1.0 / decidedBefore + 1.0 / decidedNow));
	}

	/** Leads won and lost on a day, as the analytics rollup counts them. */
	private void decided(String source, long assignee, LocalDate day, int won, int lost) {
		for (String metric : List.of("won", "lost")) {
			int amount = metric.equals("won") ? won : lost;
			if (amount > 0) {
				jdbc.sql("INSERT INTO analytics_activity (day, metric, source, assigned_to, trip_id, amount) VALUES (?, ?, ?, ?, 0, ?)")
					.params(day, metric, source, assignee, amount).update();
			}
		}
	}

	@Test
	void departuresFillingUpAndUnderBookedOnesCloseToDeparture() {
		long filling = trip("FILL-1", 60, 1000, 10, 9);
		long full = trip("FILL-2", 90, 1000, 20, 20);
		long underBooked = trip("UNDER-1", 10, 1000, 10, 2);
		long halfBooked = trip("HALF-1", 10, 1000, 10, 6);
		long farAndEmpty = trip("FAR-1", 60, 1000, 10, 1);

		JsonNode fillingUp = insight(admin(), "trip_filling_up");
		JsonNode under = insight(admin(), "trip_under_booked");

		assertThat(itemIds(fillingUp)).containsSubsequence(String.valueOf(full), String.valueOf(filling))
			.doesNotContain(String.valueOf(underBooked), String.valueOf(halfBooked), String.valueOf(farAndEmpty));
		assertThat(itemIds(under)).contains(String.valueOf(underBooked))
			.doesNotContain(String.valueOf(filling), String.valueOf(halfBooked), String.valueOf(farAndEmpty));
		assertThat(under.get("items").get(0).get("link").asString()).startsWith("/trips/");
		assertThat(Long.parseLong(evidence(under, "Departures"))).isEqualTo(sqlCount("""
				SELECT count(*) FROM trip WHERE status = 'open' AND start_date BETWEEN current_date AND current_date + 30
				   AND capacity > 0 AND seats_booked < 0.5 * capacity"""));
	}

}
