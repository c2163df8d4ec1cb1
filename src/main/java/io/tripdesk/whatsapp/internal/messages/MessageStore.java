package io.tripdesk.whatsapp.internal.messages;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableInt;
import static io.tripdesk.shared.database.Columns.nullableLong;

/** {@code whatsapp_message}: both directions, deduplicated by wamid and by idempotency key. */
@Repository
public class MessageStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	MessageStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public record Inbound(String wamid, long leadId, String type, @Nullable String body, JsonNode content,
			@Nullable String mediaId, @Nullable String mediaMimeType, @Nullable String contextWamid, Instant at) {
	}

	public record Outbound(long leadId, String type, @Nullable String body, JsonNode content,
			@Nullable String contextWamid, String idempotencyKey, @Nullable Long sentBy, boolean byPerson, Instant at) {
	}

	/** A claimed send: the message and what Meta needs to deliver it. */
	public record QueuedSend(long id, long leadId, String type, @Nullable String body, JsonNode content,
			@Nullable String contextWamid, int attempts, boolean byPerson) {
	}

	public record StatusChange(long messageId, long leadId, boolean byPerson) {
	}

	/**
	 * Stores inbound messages in one statement; returns the ids of those stored, by wamid. A wamid stored
	 * already (a redelivery) is left out.
	 */
	public Map<String, Long> insertInbound(List<Inbound> messages) {
		Map<String, Long> stored = new HashMap<>();
		if (messages.isEmpty()) {
			return stored;
		}
		jdbc.sql("""
				INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, content, media_id, media_mime_type,
				                              context_wamid, status, created_at)
				SELECT m.wamid, m.lead_id, 'in', m.type, m.body, CAST(m.content AS jsonb), m.media_id, m.media_mime_type,
				       m.context_wamid, 'received', m.at
				  FROM unnest(CAST(:wamids AS text[]), CAST(:leads AS bigint[]), CAST(:types AS text[]),
				              CAST(:bodies AS text[]), CAST(:contents AS text[]), CAST(:mediaIds AS text[]),
				              CAST(:mimeTypes AS text[]), CAST(:contexts AS text[]), CAST(:ats AS timestamptz[]))
				       AS m(wamid, lead_id, type, body, content, media_id, media_mime_type, context_wamid, at)
				ON CONFLICT (wamid) DO NOTHING RETURNING wamid, id""")
			.param("wamids", column(messages, Inbound::wamid))
			.param("leads", messages.stream().map(Inbound::leadId).toArray(Long[]::new))
			.param("types", column(messages, Inbound::type)).param("bodies", column(messages, Inbound::body))
			.param("contents", column(messages, message -> json.writeValueAsString(message.content())))
			.param("mediaIds", column(messages, Inbound::mediaId)).param("mimeTypes", column(messages, Inbound::mediaMimeType))
			.param("contexts", column(messages, Inbound::contextWamid))
			.param("ats", column(messages, message -> message.at().toString()))
			.query((rs, row) -> stored.put(rs.getString("wamid"), rs.getLong("id"))).list();
		return stored;
	}

	/** The wamids among these that are stored already. */
	public Set<String> storedWamids(Collection<String> wamids) {
		return new HashSet<>(jdbc.sql("SELECT wamid FROM whatsapp_message WHERE wamid = ANY(CAST(? AS text[]))")
			.param(wamids.toArray(String[]::new)).query(String.class).list());
	}

	private static <T> @Nullable String[] column(List<T> rows, Function<T, @Nullable String> value) {
		return rows.stream().map(value).toArray(String[]::new);
	}

	/** The customer's reaction shown on the message it reacts to; null removes it. */
	public void setCustomerReaction(String targetWamid, @Nullable String emoji) {
		jdbc.sql("UPDATE whatsapp_message SET customer_reaction = ? WHERE wamid = ?").params(emoji, targetWamid).update();
	}

	/** Queues a send; empty when a message with this idempotency key exists already. */
	public Optional<Long> insertQueued(Outbound message) {
		return jdbc.sql("""
				INSERT INTO whatsapp_message (lead_id, direction, type, body, content, context_wamid, status, idempotency_key,
				                              sent_by, by_person, next_attempt_at, created_at)
				VALUES (?, 'out', ?, ?, CAST(? AS jsonb), ?, 'queued', ?, ?, ?, now(), ?)
				ON CONFLICT (idempotency_key) DO NOTHING RETURNING id""")
			.params(message.leadId(), message.type(), message.body(), json.writeValueAsString(message.content()),
					message.contextWamid(), message.idempotencyKey(), message.sentBy(), message.byPerson(),
					Timestamp.from(message.at()))
			.query(Long.class).optional();
	}

	public Optional<Long> findIdByIdempotencyKey(String key) {
		return jdbc.sql("SELECT id FROM whatsapp_message WHERE idempotency_key = ?").param(key).query(Long.class)
			.optional();
	}

	/** Claims queued sends that are due (or abandoned by a node that died while sending). */
	public List<QueuedSend> claimSends(int limit, Duration lease) {
		return jdbc.sql("""
				UPDATE whatsapp_message SET status = 'sending', status_rank = 10, attempts = attempts + 1,
				       locked_until = now() + CAST(:lease AS interval)
				 WHERE id IN (SELECT id FROM whatsapp_message
				               WHERE direction = 'out' AND ((status = 'queued' AND next_attempt_at <= now())
				                  OR (status = 'sending' AND locked_until < now()))
				               ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING id, lead_id, type, body, content, context_wamid, attempts, by_person""")
			.param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
			.query((rs, row) -> new QueuedSend(rs.getLong("id"), rs.getLong("lead_id"), rs.getString("type"),
					rs.getString("body"), json.readTree(rs.getString("content")), rs.getString("context_wamid"),
					rs.getInt("attempts"), rs.getBoolean("by_person")))
			.list();
	}

	/** Meta took the message. A status notification that came first (and moved it further) is kept. */
	public void markAccepted(long id, String wamid) {
		jdbc.sql("""
				UPDATE whatsapp_message SET wamid = ?, locked_until = NULL, next_attempt_at = NULL,
				       sent_at = coalesce(sent_at, now()),
				       status = CASE WHEN status_rank < 15 THEN 'accepted' ELSE status END,
				       status_rank = greatest(status_rank, 15)
				 WHERE id = ?""").params(wamid, id).update();
	}

	public void retryLater(long id, Instant next, @Nullable Integer code, String detail) {
		jdbc.sql("""
				UPDATE whatsapp_message SET status = 'queued', status_rank = 0, next_attempt_at = ?, locked_until = NULL,
				       error_code = ?, error_detail = ? WHERE id = ?""")
			.params(Timestamp.from(next), code, detail, id).update();
	}

	/** Puts a claimed send back without counting the attempt (Meta was not asked: the circuit is open). */
	public void postpone(long id, Instant next) {
		jdbc.sql("""
				UPDATE whatsapp_message SET status = 'queued', status_rank = 0, next_attempt_at = ?, locked_until = NULL,
				       attempts = greatest(attempts - 1, 0) WHERE id = ?""")
			.params(Timestamp.from(next), id).update();
	}

	public void markFailed(long id, @Nullable Integer code, @Nullable String title, String detail) {
		jdbc.sql("""
				UPDATE whatsapp_message SET status = 'failed', status_rank = 25, error_code = ?, error_title = ?,
				       error_detail = ?, failed_at = now(), locked_until = NULL, next_attempt_at = NULL WHERE id = ?""")
			.params(code, title, detail, id).update();
	}

	/**
	 * Applies a status notification unless the message is already further along; the status's own time
	 * is kept whichever order they arrive in. Empty when the wamid is unknown.
	 */
	public Optional<StatusChange> applyStatus(String wamid, MessageStatus status, Instant at, @Nullable Integer code,
			@Nullable String title, @Nullable String detail) {
		String timeColumn = switch (status) {
			case SENT -> "sent_at";
			case DELIVERED -> "delivered_at";
			case READ, PLAYED -> "read_at";
			case FAILED -> "failed_at";
			default -> throw new IllegalArgumentException("Not a webhook status: " + status);
		};
		Optional<Long> known = jdbc.sql("SELECT id FROM whatsapp_message WHERE wamid = ? FOR UPDATE").param(wamid)
			.query(Long.class).optional();
		if (known.isEmpty()) {
			return Optional.empty();
		}
		jdbc.sql("UPDATE whatsapp_message SET " + timeColumn + " = coalesce(" + timeColumn + ", ?) WHERE id = ?")
			.params(Timestamp.from(at), known.get()).update();
		if (status == MessageStatus.READ || status == MessageStatus.PLAYED) {
			jdbc.sql("UPDATE whatsapp_message SET delivered_at = coalesce(delivered_at, ?) WHERE id = ?")
				.params(Timestamp.from(at), known.get()).update();
		}
		return jdbc.sql("""
				UPDATE whatsapp_message SET status = :status, status_rank = :rank,
				       error_code = CASE WHEN :failed THEN :code ELSE error_code END,
				       error_title = CASE WHEN :failed THEN :title ELSE error_title END,
				       error_detail = CASE WHEN :failed THEN :detail ELSE error_detail END
				 WHERE id = :id AND status_rank < :rank
				RETURNING id, lead_id, by_person""")
			.param("status", status.key()).param("rank", status.rank()).param("failed", status == MessageStatus.FAILED)
			.param("code", code).param("title", title).param("detail", detail).param("id", known.get())
			.query((rs, row) -> new StatusChange(rs.getLong("id"), rs.getLong("lead_id"), rs.getBoolean("by_person")))
			.optional();
	}

	public Optional<MessageView> find(long id) {
		return jdbc.sql("SELECT * FROM whatsapp_message WHERE id = ?").param(id).query(this::map).optional();
	}

	public Optional<MessageView> findByWamid(String wamid) {
		return jdbc.sql("SELECT * FROM whatsapp_message WHERE wamid = ?").param(wamid).query(this::map).optional();
	}

	/** A conversation, newest first (reactions show on the message they react to, not as messages). */
	public List<MessageView> history(long leadId, int limit, long offset) {
		return jdbc.sql("""
				SELECT * FROM whatsapp_message WHERE lead_id = ? AND type <> 'reaction'
				 ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?""")
			.params(leadId, limit, offset).query(this::map).list();
	}

	public long count(long leadId) {
		return jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE lead_id = ? AND type <> 'reaction'").param(leadId)
			.query(Long.class).single();
	}

	public long queueDepth() {
		return jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE direction = 'out' AND status IN ('queued', 'sending')")
			.query(Long.class).single();
	}

	public long failedSince(Instant since) {
		return jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE status = 'failed' AND failed_at >= ?")
			.param(Timestamp.from(since)).query(Long.class).single();
	}

	private MessageView map(ResultSet rs, int row) throws SQLException {
		return new MessageView(rs.getLong("id"), rs.getLong("lead_id"), rs.getString("wamid"), rs.getString("direction"),
				rs.getString("type"), rs.getString("body"), json.readTree(rs.getString("content")),
				rs.getString("media_id"), rs.getString("media_mime_type"), rs.getString("context_wamid"),
				rs.getString("customer_reaction"), rs.getString("status"), nullableInt(rs, "error_code"),
				rs.getString("error_title"), rs.getString("error_detail"), nullableLong(rs, "sent_by"),
				rs.getBoolean("by_person"), instant(rs, "created_at"), nullableInstant(rs, "sent_at"),
				nullableInstant(rs, "delivered_at"), nullableInstant(rs, "read_at"), nullableInstant(rs, "failed_at"));
	}

}
