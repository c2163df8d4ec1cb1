package io.tripdesk.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

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

	/** The rows of a statement that notifies many users of many things: each thing once for each recipient. */
	private record PerRecipient<T>(List<Long> users, List<T> items) {

		static <T> PerRecipient<T> of(List<T> things, Function<T, List<Long>> recipients) {
			List<Long> users = new ArrayList<>();
			List<T> items = new ArrayList<>();
			for (T thing : things) {
				for (Long user : recipients.apply(thing)) {
					users.add(user);
					items.add(thing);
				}
			}
			return new PerRecipient<>(users, items);
		}

		boolean isEmpty() {
			return users.isEmpty();
		}

		/** A column of the rows: one value of each row's thing. */
		<V> V[] column(Function<T, V> value, IntFunction<V[]> array) {
			return items.stream().map(value).toArray(array);
		}

	}

	/** A notification as written for its user, with the cause it was written for. */
	record Delivered(long userId, String cause, NotificationView notification) {
	}

	/** Each notice for each of its recipients, with one statement, skipping users who already have its cause. */
	List<Delivered> insertAll(List<NotificationService.Notice> notices) {
		PerRecipient<NotificationService.Notice> rows = PerRecipient.of(notices, NotificationService.Notice::recipients);
		if (rows.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				INSERT INTO notification (user_id, type, title, body, link, lead_id, task_id, dedupe_key)
				SELECT * FROM unnest(CAST(:users AS bigint[]), CAST(:types AS text[]), CAST(:titles AS text[]),
				                     CAST(:bodies AS text[]), CAST(:links AS text[]), CAST(:leads AS bigint[]),
				                     CAST(:tasks AS bigint[]), CAST(:causes AS text[]))
				 ORDER BY 1
				ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
				RETURNING *""")
			.param("users", rows.users().toArray(Long[]::new))
			.param("types", rows.column(NotificationService.Notice::type, String[]::new))
			.param("titles", rows.column(NotificationService.Notice::title, String[]::new))
			.param("bodies", rows.column(NotificationService.Notice::body, String[]::new))
			.param("links", rows.column(NotificationService.Notice::link, String[]::new))
			.param("leads", rows.column(NotificationService.Notice::leadId, Long[]::new))
			.param("tasks", rows.column(NotificationService.Notice::taskId, Long[]::new))
			.param("causes", rows.column(NotificationService.Notice::cause, String[]::new))
			.query(NotificationRepository::delivered).list();
	}

	/**
	 * Customers' messages, for each lead's recipients: their one notification for the lead's messages is
	 * created, or brought back as unread with the new messages counted since it was last read. An unread one
	 * counts the new messages too and shows the newest (whatever order concurrent batches are handled in), but
	 * only for the lead's assignee: an unassigned lead's message tells every agent, and rewriting each agent's
	 * row for every message cost more than storing the messages. The same batch handled again (a redelivered
	 * event) changes nothing. Rows are written in (user, lead) order, the order every such statement locks
	 * them in.
	 */
	List<Delivered> upsertMessages(List<NotificationService.Messages> messages) {
		PerRecipient<NotificationService.Messages> rows = PerRecipient.of(messages, NotificationService.Messages::recipients);
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<String, Object> columns = Map.of("users", rows.users().toArray(Long[]::new),
				"leads", rows.column(NotificationService.Messages::leadId, Long[]::new),
				"names", rows.column(NotificationService.Messages::leadName, String[]::new),
				"previews", rows.column(NotificationService.Messages::lastPreview, String[]::new),
				"links", rows.column(NotificationService.Messages::link, String[]::new),
				"lastMessages", rows.column(NotificationService.Messages::lastMessageId, Long[]::new),
				"counts", rows.column(NotificationService.Messages::count, Integer[]::new),
				"assignees", rows.column(NotificationService.Messages::toAssignee, Boolean[]::new));
		String incoming = """
				unnest(CAST(:users AS bigint[]), CAST(:leads AS bigint[]), CAST(:names AS text[]), CAST(:previews AS text[]),
				       CAST(:links AS text[]), CAST(:lastMessages AS bigint[]), CAST(:counts AS int[]),
				       CAST(:assignees AS boolean[]))
				    AS m(user_id, lead_id, name, preview, link, last_message_id, messages, assignee)""";
		// Inserted first, then updated: a row another transaction is inserting is waited for and then updated.
		List<Delivered> delivered = new ArrayList<>(jdbc.sql("""
				INSERT INTO notification (user_id, type, title, body, link, lead_id, dedupe_key, occurrences, last_message_id)
				SELECT m.user_id, 'message_received', CASE WHEN m.messages = 1 THEN 'New message from ' || m.name
				                                           ELSE m.messages || ' new messages from ' || m.name END,
				       m.preview, m.link, m.lead_id, 'messages:' || m.lead_id, m.messages, m.last_message_id
				  FROM\s""" + incoming + """
				 ORDER BY m.user_id, m.lead_id
				ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
				RETURNING *""")
			.params(columns).query(NotificationRepository::delivered).list());
		delivered.addAll(jdbc.sql("""
				UPDATE notification AS n SET
				    occurrences = CASE WHEN n.read_at IS NULL THEN n.occurrences + m.messages ELSE m.messages END,
				    title = CASE WHEN n.read_at IS NULL THEN (n.occurrences + m.messages) || ' new messages from ' || m.name
				                 WHEN m.messages = 1 THEN 'New message from ' || m.name
				                 ELSE m.messages || ' new messages from ' || m.name END,
				    body = CASE WHEN m.last_message_id > n.last_message_id THEN m.preview ELSE n.body END,
				    read_at = NULL, created_at = now(),
				    last_message_id = greatest(n.last_message_id, m.last_message_id)
				  FROM (SELECT * FROM\s""" + incoming + """
				         ORDER BY m.user_id, m.lead_id) AS m
				 WHERE n.user_id = m.user_id AND n.dedupe_key = 'messages:' || m.lead_id
				   AND n.last_message_id IS DISTINCT FROM m.last_message_id AND (n.read_at IS NOT NULL OR m.assignee)
				RETURNING n.*""")
			.params(columns).query(NotificationRepository::delivered).list());
		return delivered;
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

	/** The leads among these whose every agent of {@code agents} (sorted) has been told and not read it since. */
	Set<Long> toldAllAgents(Collection<Long> leadIds, List<Long> agents) {
		return new HashSet<>(jdbc.sql("""
				SELECT lead_id FROM notification_waiting_lead
				 WHERE lead_id = ANY(CAST(? AS bigint[])) AND agents = CAST(? AS bigint[])""")
			.params(leadIds.toArray(Long[]::new), agents.toArray(Long[]::new)).query(Long.class).list());
	}

	/**
	 * The leads' every agent is being told: called before their notifications are written, so that a read of
	 * one, which deletes the lead's row first, waits for them, or they for it.
	 */
	void markToldAllAgents(Collection<Long> leadIds, List<Long> agents) {
		jdbc.sql("""
				INSERT INTO notification_waiting_lead (lead_id, agents)
				SELECT lead_id, CAST(:agents AS bigint[]) FROM unnest(CAST(:leads AS bigint[])) AS lead_id ORDER BY lead_id
				ON CONFLICT (lead_id) DO UPDATE SET agents = EXCLUDED.agents""")
			.param("leads", leadIds.stream().sorted().toArray(Long[]::new)).param("agents", agents.toArray(Long[]::new))
			.update();
	}

	int markRead(long userId, long id) {
		jdbc.sql("""
				DELETE FROM notification_waiting_lead
				 WHERE lead_id = (SELECT lead_id FROM notification WHERE user_id = ? AND id = ? AND type = 'message_received')""")
			.params(userId, id).update();
		return jdbc.sql("UPDATE notification SET read_at = coalesce(read_at, now()) WHERE user_id = ? AND id = ?")
			.params(userId, id).update();
	}

	int markAllRead(long userId) {
		jdbc.sql("""
				DELETE FROM notification_waiting_lead
				 WHERE lead_id IN (SELECT lead_id FROM notification_waiting_lead
				                    WHERE lead_id IN (SELECT lead_id FROM notification WHERE user_id = ? AND read_at IS NULL
				                                         AND type = 'message_received')
				                    ORDER BY lead_id FOR UPDATE)""")
			.param(userId).update();
		return jdbc.sql("UPDATE notification SET read_at = now() WHERE user_id = ? AND read_at IS NULL")
			.param(userId).update();
	}

	Optional<NotificationView> find(long userId, long id) {
		return jdbc.sql("SELECT * FROM notification WHERE user_id = ? AND id = ?").params(userId, id)
			.query(NotificationRepository::map).optional();
	}

	private static Delivered delivered(ResultSet rs, int row) throws SQLException {
		return new Delivered(rs.getLong("user_id"), rs.getString("dedupe_key"), map(rs, row));
	}

	private static NotificationView map(ResultSet rs, int row) throws SQLException {
		var readAt = nullableInstant(rs, "read_at");
		return new NotificationView(rs.getLong("id"), rs.getString("type"), rs.getString("title"),
				rs.getString("body"), rs.getString("link"), nullableLong(rs, "lead_id"), nullableLong(rs, "task_id"),
				readAt != null, readAt, instant(rs, "created_at"));
	}

}
