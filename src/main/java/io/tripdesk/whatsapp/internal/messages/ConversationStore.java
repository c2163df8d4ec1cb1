package io.tripdesk.whatsapp.internal.messages;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableLong;

/** {@code whatsapp_conversation}: the inbox, one row per lead, kept current with every message. */
@Repository
public class ConversationStore {

	private final JdbcClient jdbc;

	ConversationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Row(long leadId, @Nullable Long assignedTo, Instant lastMessageAt, @Nullable String lastMessagePreview,
			String lastDirection, @Nullable Instant lastInboundAt, @Nullable String lastInboundWamid, int unreadCount) {
	}

	/**
	 * What a lead's customer wrote in one batch: how many messages (all unread), the newest of them for the
	 * inbox's preview, and the newest that opens the 24-hour window (any but a reaction), if one does.
	 */
	public record Inbound(long leadId, @Nullable Long assignedTo, int messages, Instant lastAt, String lastPreview,
			@Nullable Instant lastOpeningAt, @Nullable String lastOpeningWamid) {
	}

	/** Customers' messages, one row per lead, in lead order (the order their rows are locked in). */
	public void recordInbound(List<Inbound> conversations) {
		List<Inbound> rows = conversations.stream().sorted(Comparator.comparingLong(Inbound::leadId)).toList();
		jdbc.sql("""
				INSERT INTO whatsapp_conversation AS c (lead_id, assigned_to, last_message_at, last_message_preview,
				                                        last_direction, last_inbound_at, last_inbound_wamid, unread_count)
				SELECT i.lead_id, i.assigned_to, i.last_at, i.preview, 'in', i.opening_at, i.opening_wamid, i.messages
				  FROM unnest(CAST(:leads AS bigint[]), CAST(:assignees AS bigint[]), CAST(:ats AS timestamptz[]),
				              CAST(:previews AS text[]), CAST(:openingAts AS timestamptz[]), CAST(:openingWamids AS text[]),
				              CAST(:counts AS int[]))
				       AS i(lead_id, assigned_to, last_at, preview, opening_at, opening_wamid, messages)
				ON CONFLICT (lead_id) DO UPDATE SET
				    assigned_to = EXCLUDED.assigned_to,
				    unread_count = c.unread_count + EXCLUDED.unread_count,
				    last_message_preview = CASE WHEN EXCLUDED.last_message_at >= c.last_message_at
				                                THEN EXCLUDED.last_message_preview ELSE c.last_message_preview END,
				    last_direction = CASE WHEN EXCLUDED.last_message_at >= c.last_message_at THEN 'in' ELSE c.last_direction END,
				    last_message_at = greatest(c.last_message_at, EXCLUDED.last_message_at),
				    last_inbound_wamid = CASE WHEN EXCLUDED.last_inbound_at IS NOT NULL
				                               AND (c.last_inbound_at IS NULL OR c.last_inbound_at <= EXCLUDED.last_inbound_at)
				                              THEN EXCLUDED.last_inbound_wamid ELSE c.last_inbound_wamid END,
				    last_inbound_at = greatest(c.last_inbound_at, EXCLUDED.last_inbound_at)""")
			.param("leads", rows.stream().map(Inbound::leadId).toArray(Long[]::new))
			.param("assignees", rows.stream().map(Inbound::assignedTo).toArray(Long[]::new))
			.param("ats", rows.stream().map(row -> row.lastAt().toString()).toArray(String[]::new))
			.param("previews", rows.stream().map(Inbound::lastPreview).toArray(String[]::new))
			.param("openingAts", rows.stream().map(row -> row.lastOpeningAt() == null ? null : row.lastOpeningAt().toString())
				.toArray(String[]::new))
			.param("openingWamids", rows.stream().map(Inbound::lastOpeningWamid).toArray(String[]::new))
			.param("counts", rows.stream().map(Inbound::messages).toArray(Integer[]::new))
			.update();
	}

	public void recordOutbound(long leadId, @Nullable Long assignedTo, Instant at, String preview) {
		jdbc.sql("""
				INSERT INTO whatsapp_conversation (lead_id, assigned_to, last_message_at, last_message_preview, last_direction)
				VALUES (:lead, :assignee, :at, :preview, 'out')
				ON CONFLICT (lead_id) DO UPDATE SET
				    last_message_preview = CASE WHEN EXCLUDED.last_message_at >= whatsapp_conversation.last_message_at
				                                THEN EXCLUDED.last_message_preview ELSE whatsapp_conversation.last_message_preview END,
				    last_direction = CASE WHEN EXCLUDED.last_message_at >= whatsapp_conversation.last_message_at
				                          THEN 'out' ELSE whatsapp_conversation.last_direction END,
				    last_message_at = greatest(whatsapp_conversation.last_message_at, EXCLUDED.last_message_at)""")
			.param("lead", leadId).param("assignee", assignedTo).param("at", Timestamp.from(at)).param("preview", preview)
			.update();
	}

	public void setAssignee(long leadId, @Nullable Long assignedTo) {
		jdbc.sql("UPDATE whatsapp_conversation SET assigned_to = ? WHERE lead_id = ?").params(assignedTo, leadId).update();
	}

	/** Marks the conversation read; returns the customer's last message id, for Meta's read receipt. */
	public Optional<String> markRead(long leadId) {
		return jdbc.sql("UPDATE whatsapp_conversation SET unread_count = 0 WHERE lead_id = ? RETURNING last_inbound_wamid")
			.param(leadId).query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o);
	}

	public Optional<Row> find(long leadId) {
		return jdbc.sql("SELECT * FROM whatsapp_conversation WHERE lead_id = ?").param(leadId).query(ConversationStore::map)
			.optional();
	}

	/** The inbox, most recent first; {@code where} is built by the caller from fixed conditions only. */
	public List<Row> list(String where, Map<String, ?> params, int limit, long offset) {
		return jdbc.sql("SELECT * FROM whatsapp_conversation WHERE " + where
				+ " ORDER BY last_message_at DESC, lead_id DESC LIMIT :limit OFFSET :offset")
			.params(params).param("limit", limit).param("offset", offset).query(ConversationStore::map).list();
	}

	public long count(String where, Map<String, ?> params) {
		return jdbc.sql("SELECT count(*) FROM whatsapp_conversation WHERE " + where).params(params).query(Long.class)
			.single();
	}

	private static Row map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Row(rs.getLong("lead_id"), nullableLong(rs, "assigned_to"), instant(rs, "last_message_at"),
				rs.getString("last_message_preview"), rs.getString("last_direction"), nullableInstant(rs, "last_inbound_at"),
				rs.getString("last_inbound_wamid"), rs.getInt("unread_count"));
	}

}
