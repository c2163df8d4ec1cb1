package io.tripdesk.leads.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StageRepository {

	private final JdbcClient jdbc;

	StageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Stage> findAll() {
		return jdbc.sql("SELECT key, label, position, is_won, is_lost FROM pipeline_stage ORDER BY position, key")
			.query((rs, row) -> new Stage(rs.getString("key"), rs.getString("label"), rs.getInt("position"),
					rs.getBoolean("is_won"), rs.getBoolean("is_lost")))
			.list();
	}

	Optional<Stage> find(String key) {
		return findAll().stream().filter(stage -> stage.key().equals(key)).findFirst();
	}

	/** The stage new leads start in: the first by position that is neither won nor lost. */
	Stage initial() {
		return findAll().stream().filter(stage -> !stage.isWon() && !stage.isLost()).findFirst()
			.orElseThrow(() -> new IllegalStateException("The pipeline has no open stage"));
	}

	Stage won() {
		return findAll().stream().filter(Stage::isWon).findFirst()
			.orElseThrow(() -> new IllegalStateException("The pipeline has no won stage"));
	}

}
