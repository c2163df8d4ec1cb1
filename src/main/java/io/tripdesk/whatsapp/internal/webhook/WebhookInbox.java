package io.tripdesk.whatsapp.internal.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static io.tripdesk.shared.database.Columns.instant;

/**
 * The durable inbox of signed notifications. A notification is processed in the transaction that locks it,
 * so a node that dies mid-way leaves it to the next transaction that looks: its locks go with its
 * connection. Rows an older version left {@code processing} under a lease are due again once it ran out.
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

	/** Stores notifications with one statement, committed (durably) when it returns. */
	void storeAll(List<byte[]> bodies) {
		jdbc.sql("INSERT INTO webhook_inbox (body) SELECT unnest(CAST(? AS bytea[]))").param(bodies.toArray(byte[][]::new))
			.update();
	}

	private static final String DUE = """
			status IN ('pending', 'processing') AND ((status = 'pending' AND next_attempt_at <= now())
			                                         OR (status = 'processing' AND locked_until < now()))""";

	/**
	 * Due entries (new, to be retried, or abandoned under a lease), oldest first, locked until the
	 * transaction ends; those another transaction holds are skipped.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	List<Entry> lockDue(int limit) {
		return jdbc.sql("SELECT id, body, attempts, received_at FROM webhook_inbox WHERE " + DUE
				+ " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
			.param(limit).query(this::entry).list();
	}

	/** The entry, locked, if it is still due and no other transaction holds it. */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Entry> lockIfDue(long id) {
		return jdbc.sql("SELECT id, body, attempts, received_at FROM webhook_inbox WHERE id = ? AND " + DUE
				+ " FOR UPDATE SKIP LOCKED")
			.param(id).query(this::entry).optional();
	}

	void markProcessed(List<Long> ids) {
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed', processed_at = now(), locked_until = NULL, "
				+ "last_error = NULL WHERE id = ANY(CAST(? AS bigint[]))").param(ids.toArray(Long[]::new)).update();
	}

	/**
	 * Stores a notification's parts in its place, due now, with the time it was received and where they come
	 * from; the notification itself is done, with why it was split.
	 */
	void replaceBySplit(long id, List<byte[]> parts, String reason) {
		jdbc.sql("""
				INSERT INTO webhook_inbox (body, received_at, split_from)
				SELECT p.body, w.received_at, w.id
				  FROM webhook_inbox w, unnest(CAST(:parts AS bytea[])) WITH ORDINALITY AS p(body, position)
				 WHERE w.id = :id ORDER BY p.position""")
			.param("parts", parts.toArray(byte[][]::new)).param("id", id).update();
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed', processed_at = now(), locked_until = NULL, "
				+ "attempts = attempts + 1, last_error = ? WHERE id = ?")
			.params(truncate("Split into " + parts.size() + " after: " + reason), id).update();
	}

	/** How a try ended that did not process the notification. */
	record Failure(String status, int attempts) {
	}

	/**
	 * A try that did not process the entry: counted, and the entry is due again after a pause that doubles
	 * with each try (1 s, 2 s, 4 s … up to 5 minutes, with jitter so that retries of many entries do not
	 * arrive together), or, when that was its last attempt, kept as dead with its error. Empty when the entry
	 * was processed meanwhile.
	 */
	Optional<Failure> recordFailure(long id, String error, int maxAttempts) {
		return jdbc.sql("""
				UPDATE webhook_inbox SET attempts = attempts + 1, locked_until = NULL, last_error = :error,
				       status = CASE WHEN attempts + 1 >= :max THEN 'dead' ELSE 'pending' END,
				       next_attempt_at = now() + make_interval(secs => least(300, power(2, least(attempts, 20)))
				                                                      * (0.5 + random() / 2))
				 WHERE id = :id AND status IN ('pending', 'processing')
				RETURNING status, attempts""")
			.param("error", truncate(error)).param("max", maxAttempts).param("id", id)
			.query((rs, row) -> new Failure(rs.getString("status"), rs.getInt("attempts"))).optional();
	}

	/** Kept as dead at once: no retry can process it (not JSON, not Meta's envelope). */
	void markDead(long id, String error) {
		jdbc.sql("UPDATE webhook_inbox SET status = 'dead', attempts = attempts + 1, locked_until = NULL, last_error = ? "
				+ "WHERE id = ?").params(truncate(error), id).update();
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

	private Entry entry(ResultSet rs, int row) throws SQLException {
		return new Entry(rs.getLong("id"), rs.getBytes("body"), rs.getInt("attempts"), instant(rs, "received_at"));
	}

	public Optional<String> status(long id) {
		return jdbc.sql("SELECT status FROM webhook_inbox WHERE id = ?").param(id).query(String.class).optional();
	}

	private static String truncate(String error) {
		return error.length() > 2000 ? error.substring(0, 2000) : error;
	}

}
