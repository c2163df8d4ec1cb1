package io.tripdesk.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableLong;

@Repository
class NotificationRepository {

	private final JdbcClient jdbc;

	NotificationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A notification as written for its user. */
	record Delivered(long userId, NotificationView notification) {
	}

	/** The same notification for each of {@code userIds}, skipping users who already have its key. */
	List<Delivered> insertAll(List<Long> userIds, String type, String title, @Nullable String body,
			@Nullable String link, @Nullable Long leadId, @Nullable Long taskId, String dedupeKey) {
		return jdbc.sql("""
				INSERT INTO notification (user_id, type, title, body, link, lead_id, task_id, dedupe_key)
				SELECT recipient, ?, ?, ?, ?, ?, ?, ? FROM unnest(CAST(? AS bigint[])) AS recipient
				ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
				RETURNING *""")
			.params(type, title, body, link, leadId, taskId, dedupeKey, userIds.toArray(Long[]::new))
			.query((rs, row) -> new Delivered(rs.getLong("user_id"), map(rs, row))).list();
	}

	/**
	 * A customer's message for each of {@code userIds}: their one notification for the lead's messages
	 * is created, or brought back as unread with one more message counted since it was last read; it
	 * shows the newest message's preview, whatever order concurrent messages are handled in. The same
	 * message handled again (a redelivered event) changes nothing.
	 */
	List<Delivered> upsertMessage(List<Long> userIds, long leadId, long messageId, String leadName,
			String preview, String link) {
		return jdbc.sql("""
				INSERT INTO notification (user_id, type, title, body, link, lead_id, dedupe_key, occurrences,
				                          last_message_id)
				SELECT recipient, 'message_received', 'New message from ' || :name, :preview, :link, :lead,
				       'messages:' || :lead, 1, :message
				  FROM unnest(CAST(:users AS bigint[])) AS recipient
				ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO UPDATE SET
				    occurrences = CASE WHEN notification.read_at IS NULL THEN notification.occurrences + 1 ELSE 1 END,
				    title = CASE WHEN notification.read_at IS NULL
				                 THEN (notification.occurrences + 1) || ' new messages from ' || :name
				                 ELSE 'New message from ' || :name END,
				    body = CASE WHEN EXCLUDED.last_message_id > notification.last_message_id
				                THEN EXCLUDED.body ELSE notification.body END,
				    read_at = NULL, created_at = now(),
				    last_message_id = greatest(notification.last_message_id, EXCLUDED.last_message_id)
				 WHERE notification.last_message_id IS DISTINCT FROM EXCLUDED.last_message_id
				RETURNING *""")
			.param("name", leadName).param("preview", preview).param("link", link).param("lead", leadId)
			.param("message", messageId).param("users", userIds.toArray(Long[]::new))
			.query((rs, row) -> new Delivered(rs.getLong("user_id"), map(rs, row))).list();
	}

	/** Unread first, then newest first. */
	List<NotificationView> findByUser(long userId, boolean unreadOnly, int limit, long offset) {
		return jdbc.sql("""
				SELECT * FROM notification WHERE user_id = ? AND (NOT ? OR read_at IS NULL)
				ORDER BY (read_at IS NULL) DESC, created_at DESC, id DESC LIMIT ? OFFSET ?""")
			.params(userId, unreadOnly, limit, offset)
			.query(NotificationRepository::map).list();
	}

	long countByUser(long userId, boolean unreadOnly) {
		return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = ? AND (NOT ? OR read_at IS NULL)")
			.params(userId, unreadOnly).query(Long.class).single();
	}

	/** A user's unread notifications. */
	long unreadCount(long userId) {
		return unreadCounts(List.of(userId)).getOrDefault(userId, 0L);
	}

	/**
	 * Each user's unread count, kept by the table's triggers (V22) rather than counted here: every new
	 * notification announces it. Users with none are left out.
	 */
	Map<Long, Long> unreadCounts(List<Long> userIds) {
		Map<Long, Long> counts = new HashMap<>();
		jdbc.sql("SELECT user_id, unread FROM notification_unread WHERE user_id = ANY(?) AND unread > 0")
			.param(userIds.toArray(Long[]::new))
			.query((rs, row) -> counts.put(rs.getLong("user_id"), rs.getLong("unread")))
			.list();
		return counts;
	}

	int markRead(long userId, long id) {
		return jdbc.sql("UPDATE notification SET read_at = coalesce(read_at, now()) WHERE user_id = ? AND id = ?")
			.params(userId, id).update();
	}

	int markAllRead(long userId) {
		return jdbc.sql("UPDATE notification SET read_at = now() WHERE user_id = ? AND read_at IS NULL")
			.param(userId).update();
	}

	Optional<NotificationView> find(long userId, long id) {
		return jdbc.sql("SELECT * FROM notification WHERE user_id = ? AND id = ?").params(userId, id)
			.query(NotificationRepository::map).optional();
	}

	private static NotificationView map(ResultSet rs, int row) throws SQLException {
		var readAt = nullableInstant(rs, "read_at");
		return new NotificationView(rs.getLong("id"), rs.getString("type"), rs.getString("title"),
				rs.getString("body"), rs.getString("link"), nullableLong(rs, "lead_id"), nullableLong(rs, "task_id"),
				readAt != null, readAt, instant(rs, "created_at"));
	}

}
