package io.tripdesk.analytics.internal.insights;

import java.time.LocalDate;
import java.util.List;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import smile.stat.distribution.GaussianDistribution;

/**
 * Win rates by source in two periods, from analytics' daily activity rollup (leads won and lost on a day,
 * by source and assignee), and whether each changed more than chance explains: a two-proportion z-test.
 */
@Component
class SourceConversion {

	private final JdbcClient jdbc;

	SourceConversion(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A source's leads won and lost in the period and in the one before. */
	record Counts(String source, long won, long lost, long previousWon, long previousLost) {

		long decided() {
			return won + lost;
		}

		long previousDecided() {
			return previousWon + previousLost;
		}

		double rate() {
			return decided() == 0 ? 0 : (double) won / decided();
		}

		double previousRate() {
			return previousDecided() == 0 ? 0 : (double) previousWon / previousDecided();
		}

	}

	/** A change and its test: z and the two-sided p-value. */
	record Change(Counts counts, double z, double p) {
	}

	List<Counts> counts(LocalDate from, LocalDate to, LocalDate previousFrom, CurrentUser viewer) {
		// Agents see the figures of their own and of unassigned leads (assignee 0 in the rollup).
		String visible = viewer.isAdmin() ? "" : " AND assigned_to IN (:me, 0)";
		var query = jdbc.sql("""
				SELECT source,
				       coalesce(sum(amount) FILTER (WHERE metric = 'won' AND day >= :from), 0) AS won,
				       coalesce(sum(amount) FILTER (WHERE metric = 'lost' AND day >= :from), 0) AS lost,
				       coalesce(sum(amount) FILTER (WHERE metric = 'won' AND day < :from), 0) AS previous_won,
				       coalesce(sum(amount) FILTER (WHERE metric = 'lost' AND day < :from), 0) AS previous_lost
				  FROM analytics_activity
				 WHERE day BETWEEN :previousFrom AND :to AND metric IN ('won', 'lost')""" + visible
				+ " GROUP BY source ORDER BY source")
			.param("from", from).param("to", to).param("previousFrom", previousFrom);
		if (!viewer.isAdmin()) {
			query = query.param("me", viewer.requireId());
		}
		return query.query((rs, row) -> new Counts(rs.getString("source"), rs.getLong("won"), rs.getLong("lost"),
				rs.getLong("previous_won"), rs.getLong("previous_lost"))).list();
	}

	/**
	 * The change of the win rate (won of won and lost) between the periods, if both have at least
	 * {@code minDecided} decided leads and the difference is significant at {@code significance}.
	 */
	static @Nullable Change significantChange(Counts counts, int minDecided, double significance) {
		long n1 = counts.decided();
		long n2 = counts.previousDecided();
		if (n1 < minDecided || n2 < minDecided) {
			return null;
		}
		double pooled = (double) (counts.won() + counts.previousWon()) / (n1 + n2);
		double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
		if (standardError == 0) {
			return null;
		}
		double z = (counts.rate() - counts.previousRate()) / standardError;
		double p = 2 * (1 - GaussianDistribution.getInstance().cdf(Math.abs(z)));
		return p < significance ? new Change(counts, z, p) : null;
	}

}
