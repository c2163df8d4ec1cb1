package io.tripdesk.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static io.tripdesk.shared.database.Columns.nullableLong;

/** The live feed in PostgreSQL: appended inside the producing transaction, read in cursor order. */
@Repository
class LiveEventStore {

	static final String CHANNEL = "tripdesk_live";

	/** Rows written by transactions that have all ended, so nothing can still appear before them. */
	private static final String STABLE = "xid < pg_snapshot_xmin(pg_current_snapshot())";

	private static final String AFTER = "(xid, id) > (CAST(CAST(:xid AS text) AS xid8), :id)";

	/**
	 * The socket's message is put together here, as text: {@code ||} lets the envelope's fields win, and the
	 * feed sends it as it is instead of parsing every event's payload and writing it out again. A personal
	 * event's message for each recipient is the shared payload, then their own part, then the envelope.
	 */
	private static final String ENVELOPE = "jsonb_build_object('type', type, 'id', xid::text || '-' || id, 'at', "
			+ "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))";

	private static final String COLUMNS = "xid::text AS xid, id, lead_id, assigned_to, previous_assignee, "
			+ "CASE WHEN personal IS NULL THEN (payload || " + ENVELOPE + ")::text END AS message, "
			+ "ARRAY(SELECT mine.key || ' ' || (payload || mine.value || " + ENVELOPE + ")::text "
			+ "FROM jsonb_each(personal) AS mine) AS personal_messages";

	/** The same for one user: only their own part of a personal event. */
	private static final String COLUMNS_FOR_ONE = "xid::text AS xid, id, lead_id, assigned_to, previous_assignee, "
			+ "CASE WHEN personal IS NULL THEN (payload || " + ENVELOPE + ")::text END AS message, "
			+ "CASE WHEN personal IS NULL THEN ARRAY[]::text[] ELSE ARRAY[:me || ' ' || (payload || (personal -> "
			+ "CAST(:me AS text)) || " + ENVELOPE + ")::text] END AS personal_messages";

	/**
	 * The table's xid8, not the text column of the same name in the select list, which a plain
	 * {@code ORDER BY xid} would sort by: in the wrong order once ids grow a digit, and through no index.
	 */
	private static final String CURSOR_ORDER = "live_event.xid, live_event.id";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	LiveEventStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * An event to append: see {@link #append}.
	 *
	 * @param personal for a personal event, each recipient's own part of the payload by user id: one row
	 * tells all of them (a message on an unassigned lead notifies every agent); {@code null} otherwise
	 */
	record Draft(String dedupeKey, String type, ObjectNode payload, @Nullable Long leadId, @Nullable Long assignedTo,
			@Nullable Long previousAssignee, @Nullable Map<Long, ObjectNode> personal) {
	}

	/**
	 * Appends an event and wakes every node's feed; both take effect only if the transaction commits. An
	 * event whose {@code dedupeKey} is already there (a redelivered domain event) is not added again.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void append(Draft event) {
		appendAll(List.of(event));
	}

	/** Appends events in this order, with one statement and one wake-up for all of them; see {@link #append}. */
	@Transactional(propagation = Propagation.MANDATORY)
	void appendAll(List<Draft> events) {
		if (events.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO live_event (dedupe_key, type, payload, lead_id, assigned_to, previous_assignee, personal)
				SELECT e.dedupe_key, e.type, CAST(e.payload AS jsonb), e.lead_id, e.assigned_to, e.previous_assignee,
				       CAST(e.personal AS jsonb)
				  FROM unnest(CAST(:keys AS text[]), CAST(:types AS text[]), CAST(:payloads AS text[]),
				              CAST(:leads AS bigint[]), CAST(:assignees AS bigint[]), CAST(:previous AS bigint[]),
				              CAST(:personal AS text[])) WITH ORDINALITY
				       AS e(dedupe_key, type, payload, lead_id, assigned_to, previous_assignee, personal, position)
				 ORDER BY e.position
				ON CONFLICT (dedupe_key) DO NOTHING""")
			.param("keys", events.stream().map(Draft::dedupeKey).toArray(String[]::new))
			.param("types", events.stream().map(Draft::type).toArray(String[]::new))
			.param("payloads", events.stream().map(event -> json.writeValueAsString(event.payload())).toArray(String[]::new))
			.param("leads", events.stream().map(Draft::leadId).toArray(Long[]::new))
			.param("assignees", events.stream().map(Draft::assignedTo).toArray(Long[]::new))
			.param("previous", events.stream().map(Draft::previousAssignee).toArray(Long[]::new))
			.param("personal", events.stream()
				.map(event -> event.personal() == null ? null : json.writeValueAsString(event.personal()))
				.toArray(String[]::new))
			.update();
		jdbc.sql("SELECT pg_notify(?, '')").param(CHANNEL).query(Object.class).single();
	}

	/** The newest stable position: where a node starting now begins its fan-out. */
	FeedCursor head() {
		return jdbc.sql("SELECT xid::text AS xid, id FROM live_event WHERE " + STABLE
				+ " ORDER BY live_event.xid DESC, live_event.id DESC LIMIT 1")
			.query((rs, row) -> new FeedCursor(Long.parseLong(rs.getString("xid")), rs.getLong("id")))
			.optional().orElse(FeedCursor.START);
	}

	/**
	 * Events read after a cursor.
	 *
	 * @param events the stable ones, oldest first
	 * @param heldBack whether newer committed events wait for an older transaction, still open, to end
	 */
	record FeedPage(List<LiveEvent> events, boolean heldBack) {
	}

	/**
	 * Stable events after {@code cursor}, oldest first, and whether committed ones are held back behind them.
	 * Only the stable ones are put together as messages: the feed looks again every few milliseconds while
	 * events are held back, and building the waiting ones' messages each time cost more than all the rest.
	 */
	FeedPage readAfter(FeedCursor cursor, int limit) {
		// Stable rows come first in cursor order (their xids are the lowest), so these are a stable prefix.
		List<LiveEvent> events = jdbc.sql("SELECT " + COLUMNS + " FROM live_event WHERE " + AFTER + " AND " + STABLE
				+ " ORDER BY " + CURSOR_ORDER + " LIMIT :limit")
			.param("xid", cursor.xid()).param("id", cursor.id()).param("limit", limit)
			.query(this::map).list();
		// Rows of transactions still open are invisible here; what this finds has committed behind an older one.
		boolean heldBack = events.size() < limit && jdbc.sql("SELECT EXISTS (SELECT 1 FROM live_event WHERE NOT ("
				+ STABLE + "))").query(Boolean.class).single();
		return new FeedPage(events, heldBack);
	}

	/** Stable events after {@code cursor} that {@code user} may see, oldest first: a reconnecting client's catch-up. */
	List<LiveEvent> readAfterFor(FeedCursor cursor, CurrentUser user, int limit) {
		return jdbc.sql("SELECT " + COLUMNS_FOR_ONE + " FROM live_event WHERE " + AFTER + " AND " + STABLE + """
				 AND ((personal -> CAST(:me AS text)) IS NOT NULL OR (personal IS NULL AND (:admin OR assigned_to IS NULL
				      OR assigned_to = :me OR previous_assignee = :me)))
				ORDER BY\s""" + CURSOR_ORDER + " LIMIT :limit")
			.param("xid", cursor.xid()).param("id", cursor.id()).param("me", user.id())
			.param("admin", user.isAdmin()).param("limit", limit)
			.query(this::map).list();
	}

	int deleteOlderThan(Instant cutoff) {
		return jdbc.sql("DELETE FROM live_event WHERE created_at < ?").param(Timestamp.from(cutoff)).update();
	}

	private LiveEvent map(ResultSet rs, int row) throws SQLException {
		FeedCursor cursor = new FeedCursor(Long.parseLong(rs.getString("xid")), rs.getLong("id"));
		Map<Long, String> personal = new HashMap<>();
		for (String recipientAndMessage : (String[]) rs.getArray("personal_messages").getArray()) {
			int space = recipientAndMessage.indexOf(' ');
			personal.put(Long.parseLong(recipientAndMessage.substring(0, space)), recipientAndMessage.substring(space + 1));
		}
		return new LiveEvent(cursor, rs.getString("message"), nullableLong(rs, "lead_id"),
				nullableLong(rs, "assigned_to"), nullableLong(rs, "previous_assignee"), personal);
	}

}
