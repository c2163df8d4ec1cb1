package io.tripdesk.analytics.internal.scoring;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;

/** The learned models with their evaluation; the newest active one scores. */
@Repository
class ModelStore {

	/** A model as stored, with how it was measured on leads it had not seen. */
	record StoredModel(long id, String algorithm, Instant trainedAt, int trainingLeads, int won, int lost,
			int testLeads, double auc, boolean active, ScoreModel.Parameters parameters) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ModelStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	long save(ScoreModel model, int trainingLeads, int won, int lost, int testLeads, double auc, boolean active) {
		return jdbc.sql("""
				INSERT INTO analytics_score_model (algorithm, training_leads, won, lost, test_leads, auc, parameters, active)
				VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?) RETURNING id""")
			.params(ScoreModel.ALGORITHM, trainingLeads, won, lost, testLeads, auc,
					json.writeValueAsString(model.parameters()), active)
			.query(Long.class).single();
	}

	/** Too little history now: no model scores until there is enough again. */
	void deactivateAll() {
		jdbc.sql("UPDATE analytics_score_model SET active = FALSE WHERE active").update();
	}

	Optional<StoredModel> latestActive() {
		return jdbc.sql("SELECT * FROM analytics_score_model WHERE active ORDER BY id DESC LIMIT 1")
			.query((rs, row) -> new StoredModel(rs.getLong("id"), rs.getString("algorithm"), instant(rs, "trained_at"),
					rs.getInt("training_leads"), rs.getInt("won"), rs.getInt("lost"), rs.getInt("test_leads"),
					rs.getDouble("auc"), rs.getBoolean("active"),
					json.readValue(rs.getString("parameters"), ScoreModel.Parameters.class)))
			.optional();
	}

}
