package io.tripdesk.leads.internal;

import java.util.List;
import java.util.Map;

import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.TimelineEntry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableLong;

@Repository
class LeadEventRepository {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	LeadEventRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(long leadId, LeadEventType type, Map<String, ?> payload, @Nullable Long actorId) {
		jdbc.sql("INSERT INTO lead_event (lead_id, type, payload, actor_id) VALUES (?, ?, CAST(? AS jsonb), ?)")
			.params(leadId, type.key(), json.writeValueAsString(payload), actorId)
			.update();
	}

	/** Many entries in one statement, all by the same actor. */
	void insertAll(List<TimelineEntry> entries, @Nullable Long actorId) {
		if (entries.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO lead_event (lead_id, type, payload, actor_id)
				SELECT entry.lead_id, entry.type, CAST(entry.payload AS jsonb), CAST(:actor AS bigint)
				  FROM unnest(CAST(:leads AS bigint[]), CAST(:types AS text[]), CAST(:payloads AS text[]))
				       AS entry(lead_id, type, payload)""")
			.param("leads", entries.stream().map(TimelineEntry::leadId).toArray(Long[]::new))
			.param("types", entries.stream().map(entry -> entry.type().key()).toArray(String[]::new))
			.param("payloads", entries.stream().map(entry -> json.writeValueAsString(entry.payload())).toArray(String[]::new))
			.param("actor", actorId)
			.update();
	}

	long countByLead(long leadId) {
		return jdbc.sql("SELECT count(*) FROM lead_event WHERE lead_id = ?").param(leadId).query(Long.class).single();
	}

	/** Newest first. */
	List<LeadEventView> findByLead(long leadId, int limit, long offset) {
		return jdbc.sql("""
				SELECT id, lead_id, type, payload, actor_id, created_at FROM lead_event
				 WHERE lead_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?""")
			.params(leadId, limit, offset)
			.query((rs, row) -> new LeadEventView(rs.getLong("id"), rs.getLong("lead_id"), rs.getString("type"),
					json.readTree(rs.getString("payload")), nullableLong(rs, "actor_id"), instant(rs, "created_at")))
			.list();
	}

}
