package io.tripdesk.whatsapp.internal.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tripdesk.shared.database.Columns.instant;

/**
 * The durable inbox of signed notifications. A row is claimed by one node at a time (a lease), so a
 * node that dies mid-way leaves it to be claimed again once the lease runs out.
 */
@Repository
public class WebhookInbox {

	private final JdbcClient jdbc;

	WebhookInbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Entry(long id, byte[] body, int attempts, Instant receivedAt) {
	}

	public record Backlog(long pending, long dead, long failing, @Nullable Instant lastReceivedAt,
			@Nullable String lastError) {
	}

	long store(byte[] body) {
		return jdbc.sql("INSERT INTO webhook_inbox (body) VALUES (?) RETURNING id").param(body).query(Long.class).single();
	}

	/**
	 * Claims due entries (new, retrying, or abandoned by a dead node), oldest first: sorted here, as an UPDATE
	 * returns its rows in the table's order, not in its subquery's.
	 */
	List<Entry> claim(int limit, Duration lease) {
		return jdbc.sql("""
				UPDATE webhook_inbox SET status = 'processing', attempts = attempts + 1,
				       locked_until = now() + CAST(:lease AS interval)
				 WHERE id IN (SELECT id FROM webhook_inbox
				               WHERE status IN ('pending', 'processing')
				                 AND ((status = 'pending' AND next_attempt_at <= now())
				                      OR (status = 'processing' AND locked_until < now()))
				               ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING id, body, attempts, received_at""")
			.param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
			.query((rs, row) -> new Entry(rs.getLong("id"), rs.getBytes("body"), rs.getInt("attempts"),
					instant(rs, "received_at")))
			.list().stream().sorted(Comparator.comparingLong(Entry::id)).toList();
	}

	void markProcessed(List<Long> ids) {
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed', processed_at = now(), locked_until = NULL, "
				+ "last_error = NULL WHERE id = ANY(CAST(? AS bigint[]))").param(ids.toArray(Long[]::new)).update();
	}

	void retryLater(long id, Instant next, String error) {
		jdbc.sql("UPDATE webhook_inbox SET status = 'pending', next_attempt_at = ?, locked_until = NULL, last_error = ? "
				+ "WHERE id = ?").params(Timestamp.from(next), truncate(error), id).update();
	}

	void markDead(long id, String error) {
		jdbc.sql("UPDATE webhook_inbox SET status = 'dead', locked_until = NULL, last_error = ? WHERE id = ?")
			.params(truncate(error), id).update();
	}

	/** Each figure reads a partial index, so this stays cheap however many notifications were processed. */
	public Backlog backlog() {
		long pending = jdbc.sql("SELECT count(*) FROM webhook_inbox WHERE status IN ('pending', 'processing')")
			.query(Long.class).single();
		long failing = jdbc.sql("SELECT count(*) FROM webhook_inbox WHERE status IN ('pending', 'processing') "
				+ "AND last_error IS NOT NULL").query(Long.class).single();
		long dead = jdbc.sql("SELECT count(*) FROM webhook_inbox WHERE status = 'dead'").query(Long.class).single();
		Instant last = jdbc.sql("SELECT received_at FROM webhook_inbox ORDER BY id DESC LIMIT 1")
			.query((rs, row) -> instant(rs, "received_at")).optional().orElse(null);
		String lastError = jdbc.sql("SELECT last_error FROM webhook_inbox WHERE status IN ('pending', 'processing', 'dead') "
				+ "AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1").query(String.class).optional().orElse(null);
		return new Backlog(pending, dead, failing, last, lastError);
	}

	/** Gives dead notifications (e.g. after the bug that killed them was fixed) a fresh set of attempts. */
	int retryDead() {
		return jdbc.sql("UPDATE webhook_inbox SET status = 'pending', attempts = 0, next_attempt_at = now(), "
				+ "locked_until = NULL WHERE status = 'dead'").update();
	}

	/** Processed notifications are kept a week for inspection, then deleted. */
	int deleteProcessedBefore(Instant cutoff) {
		return jdbc.sql("DELETE FROM webhook_inbox WHERE status = 'processed' AND processed_at < ?")
			.param(Timestamp.from(cutoff)).update();
	}

	public Optional<String> status(long id) {
		return jdbc.sql("SELECT status FROM webhook_inbox WHERE id = ?").param(id).query(String.class).optional();
	}

	private static String truncate(String error) {
		return error.length() > 2000 ? error.substring(0, 2000) : error;
	}

}
