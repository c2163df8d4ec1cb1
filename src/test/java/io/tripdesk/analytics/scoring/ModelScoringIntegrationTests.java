package io.tripdesk.analytics.scoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model learned from a generated history in which serious customers (a budget, a group, a trip, many
 * messages, referrals) mostly buy and vague ones mostly do not, with some noise either way.
 */
@TestPropertySource(properties = { "tripdesk.insights.scoring.min-won=40", "tripdesk.insights.scoring.min-lost=40",
		"tripdesk.insights.scoring.score-new-every=1s" })
class ModelScoringIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	private long trip;

	private void history(int leads) {
		Random random = new Random(7);
		LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(50);
		trip = admin().post("/api/trips/", Map.of("code", "MODEL-1", "title", "Model trip", "destination", "Madeira",
				"start_date", start.toString(), "end_date", start.plusDays(7).toString(), "price", 2400, "capacity", 500))
			.json().get("id").asLong();
		for (int i = 0; i < leads; i++) {
			boolean serious = i % 2 == 0;
			// One in six goes against its kind: the model must rank, not memorise.
			boolean won = serious != (random.nextInt(6) == 0);
			Instant created = Instant.now().minus(20 + random.nextInt(200), ChronoUnit.DAYS);
			long id = jdbc.sql("""
					INSERT INTO lead (name, source, stage, budget, travelers, trip_id, created_at, stage_changed_at, score)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id""")
				.params("History " + i, serious ? "referral" : "instagram", won ? "won" : "lost",
						serious ? Integer.valueOf(3000 + random.nextInt(6000))
								: random.nextInt(3) == 0 ? Integer.valueOf(300 + random.nextInt(500)) : null,
						serious ? 2 + random.nextInt(3) : 1, serious ? trip : null, Timestamp.from(created),
						Timestamp.from(created.plus(10, ChronoUnit.DAYS)))
				.query(Long.class).single();
			int messages = serious ? 4 + random.nextInt(8) : random.nextInt(3);
			if (messages > 0) {
				jdbc.sql("INSERT INTO analytics_lead_activity (lead_id, day, metric, amount) VALUES (?, ?, 'messages_in', ?)")
					.params(id, LocalDate.ofInstant(created, ZoneOffset.UTC), messages).update();
			}
		}
	}

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

	private Integer storedScore(long leadId) {
		return jdbc.sql("SELECT score FROM lead WHERE id = ?").param(leadId)
			.query((rs, row) -> (Integer) rs.getObject("score")).list().get(0);
	}

	@Test
	void theModelLearnsFromWonAndLostLeadsAndScoresAGoodLeadAboveABadOne() {
		history(160);
		ApiClient admin = admin();

		var training = admin.post("/api/insights/scores/retrain/", null);

		assertThat(training.status()).as(training.text()).isEqualTo(200);
		JsonNode result = training.json();
		assertThat(result.get("method").asString()).as(result.toString()).isEqualTo("model");
		long decided = jdbc.sql("SELECT count(*) FROM lead WHERE stage IN ('won', 'lost')").query(Long.class).single();
		assertThat(result.get("model").get("training_leads").asLong()).isEqualTo(decided);
		assertThat(result.get("won").asLong()).isEqualTo(
				jdbc.sql("SELECT count(*) FROM lead WHERE stage = 'won'").query(Long.class).single());
		// A held-out fifth, stratified: ceil(20 % of the won) + ceil(20 % of the lost).
		long won = result.get("won").asLong();
		long lost = result.get("lost").asLong();
		assertThat(result.get("model").get("test_leads").asLong())
			.isEqualTo((long) (Math.ceil(won * 0.2) + Math.ceil(lost * 0.2)));
		double auc = result.get("model").get("auc").asDouble();
		assertThat(auc).isBetween(0.7, 1.0);
		assertThat(jdbc.sql("SELECT auc FROM analytics_score_model WHERE active ORDER BY id DESC LIMIT 1")
			.query(Double.class).single()).isCloseTo(auc, org.assertj.core.data.Offset.offset(0.001));

		long good = lead(admin, Map.of("name", "Good Prospect", "source", "referral", "budget", 7000, "travelers", 4,
				"trip_id", trip));
		long bad = lead(admin, Map.of("name", "Bad Prospect", "source", "instagram", "travelers", 1));
		JsonNode goodScore = admin.get("/api/insights/scores/" + good + "/").json();
		JsonNode badScore = admin.get("/api/insights/scores/" + bad + "/").json();

		assertThat(goodScore.get("method").asString()).isEqualTo("model");
		assertThat(goodScore.get("model").get("auc").asDouble()).isEqualTo(auc);
		assertThat(goodScore.get("score").asInt()).isGreaterThan(badScore.get("score").asInt() + 30);
		assertThat(contribution(goodScore, "budget")).isPositive();
		assertThat(contribution(goodScore, "source")).isPositive();
		assertThat(contribution(badScore, "source")).isNegative();
		assertThat(goodScore.get("factors")).hasSize(9);
		assertThat(goodScore.get("explanation").asString()).contains("held out");

		// The job stores the same scores on the leads, and rescored the history with the model.
		Eventually.await(() -> storedScore(good) != null && storedScore(good) == goodScore.get("score").asInt()
				&& storedScore(bad) != null && storedScore(bad) == badScore.get("score").asInt(), "stored model scores");
		Eventually.await(() -> jdbc.sql("SELECT count(*) FROM lead WHERE score = 0").query(Long.class).single() < decided / 2,
				"the history to be rescored after the retraining");
	}

}
