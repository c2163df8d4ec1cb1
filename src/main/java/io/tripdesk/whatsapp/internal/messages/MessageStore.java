package io.tripdesk.whatsapp.internal.messages;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
			@Nullable String contextWamid, String idempotencyKey, String idempotencyFingerprint, @Nullable Long sentBy,
			boolean byPerson, Instant at) {
	}

	/** A message queued under an idempotency key, with what its request was (null for sends queued before V36). */
	public record KeyedSend(long id, @Nullable String fingerprint) {
	}

	/** A claimed send: the message and what Meta needs to deliver it. */
	public record QueuedSend(long id, long leadId, String type, @Nullable String body, JsonNode content,
			@Nullable String contextWamid, int attempts, boolean byPerson) {
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
				                              idempotency_fingerprint, sent_by, by_person, next_attempt_at, created_at)
				VALUES (?, 'out', ?, ?, CAST(? AS jsonb), ?, 'queued', ?, ?, ?, ?, now(), ?)
				ON CONFLICT (idempotency_key) DO NOTHING RETURNING id""")
			.params(message.leadId(), message.type(), message.body(), json.writeValueAsString(message.content()),
					message.contextWamid(), message.idempotencyKey(), message.idempotencyFingerprint(), message.sentBy(),
					message.byPerson(), Timestamp.from(message.at()))
			.query(Long.class).optional();
	}

	public Optional<KeyedSend> findByIdempotencyKey(String key) {
		return jdbc.sql("SELECT id, idempotency_fingerprint FROM whatsapp_message WHERE idempotency_key = ?").param(key)
			.query((rs, row) -> new KeyedSend(rs.getLong("id"), rs.getString("idempotency_fingerprint"))).optional();
	}

	/**
	 * Puts back in the queue the sends whose lease ran out, due after {@code wait}: their node died while sending,
	 * perhaps after Meta took the message, and a status of it that Meta sends meanwhile records it instead of a
	 * second send ({@link #markAccepted}). Returns how many.
	 */
	public int releaseAbandonedSends(Duration wait) {
		return jdbc.sql("""
				UPDATE whatsapp_message SET status = 'queued', status_rank = 0, locked_until = NULL,
				       next_attempt_at = now() + CAST(? AS interval)
				 WHERE direction = 'out' AND status = 'sending' AND locked_until < now() AND wamid IS NULL""")
			.param(wait.toMillis() + " milliseconds").update();
	}

	/** Claims queued sends that are due; one whose wamid is known is with Meta already and never sent again. */
	public List<QueuedSend> claimSends(int limit, Duration lease) {
		return jdbc.sql("""
				UPDATE whatsapp_message SET status = 'sending', status_rank = 10, attempts = attempts + 1,
				       locked_until = now() + CAST(:lease AS interval)
				 WHERE id IN (SELECT id FROM whatsapp_message
				               WHERE direction = 'out' AND status = 'queued' AND next_attempt_at <= now() AND wamid IS NULL
				               ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING id, lead_id, type, body, content, context_wamid, attempts, by_person""")
			.param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
			.query((rs, row) -> new QueuedSend(rs.getLong("id"), rs.getLong("lead_id"), rs.getString("type"),
					rs.getString("body"), json.readTree(rs.getString("content")), rs.getString("context_wamid"),
					rs.getInt("attempts"), rs.getBoolean("by_person")))
			.list();
	}

	/** An outbound message whose wamid is not recorded yet. */
	public record UnrecordedSend(long id, long leadId, boolean byPerson) {
	}

	/** Those of these messages that are outbound and have no wamid recorded yet, by id. */
	public List<UnrecordedSend> unrecordedSends(Collection<Long> ids) {
		return jdbc.sql("""
				SELECT id, lead_id, by_person FROM whatsapp_message
				 WHERE id = ANY(CAST(? AS bigint[])) AND direction = 'out' AND wamid IS NULL ORDER BY id""")
			.param(ids.toArray(Long[]::new))
			.query((rs, row) -> new UnrecordedSend(rs.getLong("id"), rs.getLong("lead_id"), rs.getBoolean("by_person")))
			.list();
	}

	/**
	 * Meta took the message: records its wamid and ends the send, unless a wamid is recorded for it already (a
	 * status of it came first) or this wamid is another message's. A status that moved it further is kept.
	 * Returns whether this recorded it.
	 */
	public boolean markAccepted(long id, String wamid) {
		return jdbc.sql("""
				UPDATE whatsapp_message SET wamid = :wamid, locked_until = NULL, next_attempt_at = NULL,
				       sent_at = coalesce(sent_at, now()),
				       status = CASE WHEN status_rank < 15 THEN 'accepted' ELSE status END,
				       status_rank = greatest(status_rank, 15)
				 WHERE id = :id AND direction = 'out' AND wamid IS NULL
				   AND NOT EXISTS (SELECT 1 FROM whatsapp_message other WHERE other.wamid = :wamid)""")
			.param("wamid", wamid).param("id", id).update() == 1;
	}

	/**
	 * Queues a failed send again. Like the other outcomes of an attempt below, it changes nothing once a wamid is
	 * recorded: a status of an earlier attempt told that Meta has the message.
	 */
	public void retryLater(long id, Instant next, @Nullable Integer code, String detail) {
		jdbc.sql("""
				UPDATE whatsapp_message SET status = 'queued', status_rank = 0, next_attempt_at = ?, locked_until = NULL,
				       error_code = ?, error_detail = ? WHERE id = ? AND wamid IS NULL""")
			.params(Timestamp.from(next), code, detail, id).update();
	}

	/** Puts a claimed send back without counting the attempt (Meta was not asked: the circuit is open). */
	public void postpone(long id, Instant next) {
		jdbc.sql("""
				UPDATE whatsapp_message SET status = 'queued', status_rank = 0, next_attempt_at = ?, locked_until = NULL,
				       attempts = greatest(attempts - 1, 0) WHERE id = ? AND wamid IS NULL""")
			.params(Timestamp.from(next), id).update();
	}

	/** Fails a send for good (unless Meta has it, as above); returns whether it did. */
	public boolean markFailed(long id, @Nullable Integer code, @Nullable String title, String detail) {
		return jdbc.sql("""
				UPDATE whatsapp_message SET status = 'failed', status_rank = 25, error_code = ?, error_title = ?,
				       error_detail = ?, failed_at = now(), locked_until = NULL, next_attempt_at = NULL
				 WHERE id = ? AND wamid IS NULL""")
			.params(code, title, detail, id).update() == 1;
	}

	/**
	 * A status Meta reported for one of our messages, at its own time, with its error when it failed, and what it
	 * echoed of our send (null when it names no message of ours).
	 */
	public record ReportedStatus(String wamid, MessageStatus status, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetail, @Nullable Echo echo) {
	}

	/**
	 * What a status echoes of our send: our message id ({@link CallbackData}) and whom Meta sent it to, its
	 * WhatsApp id and user id as far as Meta reports them.
	 */
	public record Echo(long messageId, @Nullable String recipientWaId, @Nullable String recipientUserId) {
	}

	/** A message that statuses moved forward: to the highest one reported. */
	public record AppliedStatus(long messageId, long leadId, boolean byPerson, ReportedStatus status) {
	}

	/** What statuses did: the messages they moved forward, in the order reported, and the wamids found at all. */
	public record AppliedStatuses(List<AppliedStatus> moved, Set<String> known) {
	}

	/**
	 * Applies statuses with one statement for all: each message keeps the first reported time of each status
	 * (read counting as delivered too), whatever order they arrive in, and moves to the highest status
	 * reported unless it is further along already. Wamids not stored are left out of {@code known}.
	 */
	public AppliedStatuses applyStatuses(List<ReportedStatus> reports) {
		Map<String, StatusTimes> byMessage = new LinkedHashMap<>();
		for (ReportedStatus report : reports) {
			StatusTimes times = byMessage.get(report.wamid());
			if (times == null) {
				byMessage.put(report.wamid(), new StatusTimes(report));
			}
			else {
				times.add(report);
			}
		}
		List<StatusTimes> rows = List.copyOf(byMessage.values());
		Map<String, AppliedStatus> moved = new HashMap<>();
		Set<String> known = new HashSet<>();
		jdbc.sql("""
				WITH reported AS (
				    SELECT * FROM unnest(CAST(:wamids AS text[]), CAST(:statuses AS text[]), CAST(:ranks AS int[]),
				                         CAST(:sentAts AS timestamptz[]), CAST(:deliveredAts AS timestamptz[]),
				                         CAST(:readAts AS timestamptz[]), CAST(:failedAts AS timestamptz[]),
				                         CAST(:codes AS int[]), CAST(:titles AS text[]), CAST(:details AS text[]))
				           AS r(wamid, status, rank, sent_at, delivered_at, read_at, failed_at, code, title, detail)),
				     before AS (
				    SELECT m.id, m.status_rank FROM whatsapp_message m JOIN reported r ON r.wamid = m.wamid
				     ORDER BY m.id FOR UPDATE OF m)
				UPDATE whatsapp_message AS m SET
				    sent_at = coalesce(m.sent_at, r.sent_at), delivered_at = coalesce(m.delivered_at, r.delivered_at),
				    read_at = coalesce(m.read_at, r.read_at), failed_at = coalesce(m.failed_at, r.failed_at),
				    status = CASE WHEN r.rank > m.status_rank THEN r.status ELSE m.status END,
				    error_code = CASE WHEN r.rank > m.status_rank AND r.status = 'failed' THEN r.code ELSE m.error_code END,
				    error_title = CASE WHEN r.rank > m.status_rank AND r.status = 'failed' THEN r.title ELSE m.error_title END,
				    error_detail = CASE WHEN r.rank > m.status_rank AND r.status = 'failed' THEN r.detail
				                        ELSE m.error_detail END,
				    status_rank = greatest(m.status_rank, r.rank)
				  FROM reported r, before b
				 WHERE m.wamid = r.wamid AND b.id = m.id
				RETURNING m.id, m.lead_id, m.wamid, m.by_person, r.rank > b.status_rank AS moved""")
			.param("wamids", column(rows, row -> row.highest.wamid()))
			.param("statuses", column(rows, row -> row.highest.status().key()))
			.param("ranks", rows.stream().map(row -> row.highest.status().rank()).toArray(Integer[]::new))
			.param("sentAts", column(rows, row -> text(row.sentAt)))
			.param("deliveredAts", column(rows, row -> text(row.deliveredAt)))
			.param("readAts", column(rows, row -> text(row.readAt)))
			.param("failedAts", column(rows, row -> text(row.failedAt)))
			.param("codes", rows.stream().map(row -> row.highest.errorCode()).toArray(Integer[]::new))
			.param("titles", column(rows, row -> row.highest.errorTitle()))
			.param("details", column(rows, row -> row.highest.errorDetail()))
			.query(rs -> {
				String wamid = rs.getString("wamid");
				known.add(wamid);
				if (rs.getBoolean("moved")) {
					moved.put(wamid, new AppliedStatus(rs.getLong("id"), rs.getLong("lead_id"), rs.getBoolean("by_person"),
							byMessage.get(wamid).highest));
				}
			});
		return new AppliedStatuses(rows.stream().map(row -> moved.get(row.highest.wamid())).filter(Objects::nonNull)
			.toList(), known);
	}

	/** One message's reported statuses gathered: each status's first time, and the highest status. */
	private static final class StatusTimes {

		private @Nullable Instant sentAt;

		private @Nullable Instant deliveredAt;

		private @Nullable Instant readAt;

		private @Nullable Instant failedAt;

		private ReportedStatus highest;

		StatusTimes(ReportedStatus first) {
			highest = first;
			add(first);
		}

		void add(ReportedStatus report) {
			switch (report.status()) {
				case SENT -> sentAt = earlier(sentAt, report.at());
				case DELIVERED -> deliveredAt = earlier(deliveredAt, report.at());
				case READ, PLAYED -> {
					readAt = earlier(readAt, report.at());
					deliveredAt = earlier(deliveredAt, report.at());
				}
				case FAILED -> failedAt = earlier(failedAt, report.at());
				default -> throw new IllegalArgumentException("Not a webhook status: " + report.status());
			}
			if (report.status().rank() > highest.status().rank()) {
				highest = report;
			}
		}

		private static Instant earlier(@Nullable Instant known, Instant at) {
			return known == null || at.isBefore(known) ? at : known;
		}

	}

	private static @Nullable String text(@Nullable Instant at) {
		return at == null ? null : at.toString();
	}

	public Optional<MessageView> find(long id) {
		return jdbc.sql("SELECT * FROM whatsapp_message WHERE id = ?").param(id).query(this::map).optional();
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
