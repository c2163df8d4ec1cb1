package io.tripdesk.identity.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableLong;

@Service
class AuditLogService implements AuditLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditLogService(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(CurrentUser actor, String entityType, Object entityId, String action, @Nullable Object before,
			@Nullable Object after) {
		jdbc.sql("INSERT INTO audit_log (actor_id, actor_label, entity_type, entity_id, action, before, after) "
				+ "VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")
			.params(actor.id(), actor.isSystem() ? actor.name() : actor.email(), entityType, String.valueOf(entityId),
					action, toJson(before), toJson(after))
			.update();
	}

	PageResponse<AuditEntryView> list(@Nullable String entityType, @Nullable String entityId, @Nullable Long actorId,
			PageQuery page) {
		List<String> where = new ArrayList<>();
		where.add("TRUE");
		if (entityType != null) {
			where.add("entity_type = :entityType");
		}
		if (entityId != null) {
			where.add("entity_id = :entityId");
		}
		if (actorId != null) {
			where.add("actor_id = :actorId");
		}
		String filter = String.join(" AND ", where);
		long count = jdbc.sql("SELECT count(*) FROM audit_log WHERE " + filter)
			.param("entityType", entityType).param("entityId", entityId).param("actorId", actorId)
			.query(Long.class).single();
		List<AuditEntryView> results = jdbc
			.sql("SELECT * FROM audit_log WHERE " + filter + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("entityType", entityType).param("entityId", entityId).param("actorId", actorId)
			.param("limit", page.pageSize()).param("offset", page.offset())
			.query((rs, row) -> new AuditEntryView(rs.getLong("id"), nullableLong(rs, "actor_id"),
					rs.getString("actor_label"), rs.getString("entity_type"), rs.getString("entity_id"),
					rs.getString("action"), parse(rs.getString("before")), parse(rs.getString("after")),
					instant(rs, "created_at")))
			.list();
		return PageResponse.of(results, count, page);
	}

	private @Nullable String toJson(@Nullable Object value) {
		return value == null ? null : json.writeValueAsString(value);
	}

	private @Nullable JsonNode parse(@Nullable String value) {
		return value == null ? null : json.readTree(value);
	}

	record AuditEntryView(long id, @Nullable Long actorId, String actor, String entityType, String entityId,
			String action, @Nullable JsonNode before, @Nullable JsonNode after, Instant createdAt) {
	}

}
