package io.tripdesk.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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

	/** Inserts unless this user already has a notification with the same key; empty then. */
	Optional<NotificationView> insert(long userId, String type, String title, @Nullable String body,
			@Nullable String link, @Nullable Long leadId, @Nullable Long taskId, String dedupeKey) {
		return jdbc.sql("""
				INSERT INTO notification (user_id, type, title, body, link, lead_id, task_id, dedupe_key)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
				RETURNING *""")
			.params(userId, type, title, body, link, leadId, taskId, dedupeKey)
			.query(NotificationRepository::map).optional();
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
