package io.tripdesk.analytics.scoring;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Without enough won and lost history, leads are scored by the listed rules, and the job stores the score. */
@TestPropertySource(properties = "tripdesk.insights.scoring.score-new-every=1s")
class RuleScoringIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	private long lead(ApiClient client, Map<String, Object> fields) {
		var response = client.post("/api/leads/", fields);
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private static double contribution(JsonNode score, String feature) {
		for (JsonNode factor : score.get("factors")) {
			if (factor.get("feature").asString().equals(feature)) {
				return factor.get("contribution").asDouble();
			}
		}
		throw new AssertionError("no factor " + feature + " in " + score);
	}

	@Test
	void rulesScoreUntilThereIsHistoryAndTheJobWritesTheScore() {
		ApiClient admin = admin();
		LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(45);
		long trip = admin.post("/api/trips/", Map.of("code", "RULE-1", "title", "Rules trip", "destination", "Porto",
				"start_date", start.toString(), "end_date", start.plusDays(4).toString(), "price", 1800, "capacity", 20))
			.json().get("id").asLong();
		Map<String, Object> serious = new HashMap<>(Map.of("name", "Serious Customer", "budget", 5000, "travelers", 2,
				"trip_id", trip));
		long good = lead(admin, serious);
		long vague = lead(admin, Map.of("name", "Vague Customer"));

		var training = admin.post("/api/insights/scores/retrain/", null);
		assertThat(training.status()).as(training.text()).isEqualTo(200);
		assertThat(training.json().get("method").asString()).isEqualTo("rules");
		assertThat(training.json().get("model").isNull()).isTrue();

		JsonNode score = admin.get("/api/insights/scores/" + good + "/").json();
		assertThat(score.get("method").asString()).isEqualTo("rules");
		assertThat(score.get("model").isNull()).isTrue();
		// Base 10, budget given 10, budget of 3,000 or more 10, a trip 10, travels within 90 days 10, two travellers 5.
		assertThat(score.get("score").asInt()).isEqualTo(10 + 10 + 10 + 10 + 10 + 5);
		assertThat(contribution(score, "budget_high")).isEqualTo(10);
		assertThat(contribution(score, "engaged")).isZero();
		assertThat(score.get("factors")).hasSize(11);
		assertThat(score.get("explanation").asString()).contains("50 won and 50 lost");
		JsonNode vagueScore = admin.get("/api/insights/scores/" + vague + "/").json();
		assertThat(vagueScore.get("score").asInt()).isEqualTo(10);

		Eventually.await(() -> score(good) != null && score(good) == 55 && score(vague) != null && score(vague) == 10,
				"the scoring job to store the rule scores");
		assertThat(admin.get("/api/leads/" + good + "/").json().get("score").asInt()).isEqualTo(55);
	}

	private Integer score(long leadId) {
		return jdbc.sql("SELECT score FROM lead WHERE id = ?").param(leadId)
			.query((rs, row) -> (Integer) rs.getObject("score")).list().get(0);
	}

	@Test
	void unknownLeadsAreNotFoundAndBadIdsAreProblems() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("score.agent@test.local");
		ApiClient other = newAgent("score.other@test.local");
		long othersLead = lead(other, Map.of("name", "Someone Else's"));

		var unknown = admin.get("/api/insights/scores/987654321/");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(agent.get("/api/insights/scores/" + othersLead + "/").status()).isEqualTo(404);
		assertThat(other.get("/api/insights/scores/" + othersLead + "/").status()).isEqualTo(200);
		var bad = admin.get("/api/insights/scores/abc/");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("lead_id");
		assertThat(agent.post("/api/insights/scores/retrain/", null).status()).isEqualTo(403);
	}

}
