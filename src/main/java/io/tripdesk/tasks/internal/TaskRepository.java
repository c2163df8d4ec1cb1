package io.tripdesk.tasks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
class TaskRepository {

	private final JdbcClient jdbc;

	TaskRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Task> findById(long id) {
		return jdbc.sql("SELECT * FROM task WHERE id = ?").param(id).query(TaskRepository::map).optional();
	}

	Optional<Task> findByIdForUpdate(long id) {
		return jdbc.sql("SELECT * FROM task WHERE id = ? FOR UPDATE").param(id).query(TaskRepository::map).optional();
	}

	/** @param leadAssignedTo the lead's assignee now, whom (with admins and the assignee) lists show the task to */
	long insert(String title, @Nullable String description, @Nullable Instant dueAt, String priority,
			@Nullable Long assignedTo, @Nullable Long leadId, @Nullable Long leadAssignedTo, @Nullable Long createdBy) {
		return jdbc.sql("""
				INSERT INTO task (title, description, due_at, priority, assigned_to, lead_id, lead_assigned_to,
				                  created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(title, description, timestamp(dueAt), priority, assignedTo, leadId, leadAssignedTo, createdBy)
			.query(Long.class).single();
	}

	/** The lead's assignee changed: its tasks follow it. */
	void copyLeadAssignee(long leadId, @Nullable Long assignedTo) {
		jdbc.sql("UPDATE task SET lead_assigned_to = ? WHERE lead_id = ? AND lead_assigned_to IS DISTINCT FROM ?")
			.params(assignedTo, leadId, assignedTo).update();
	}

	void update(Task task) {
		jdbc.sql("""
				UPDATE task SET title = :title, description = :description, due_at = :dueAt, priority = :priority,
				       status = :status, assigned_to = :assignedTo, lead_id = :leadId, lead_assigned_to = :leadAssignedTo,
				       completed_at = :completedAt,
				       overdue_notified_at = CASE WHEN due_at IS DISTINCT FROM :dueAt THEN NULL ELSE overdue_notified_at END,
				       updated_at = now()
				 WHERE id = :id""")
			.param("title", task.title()).param("description", task.description()).param("dueAt", timestamp(task.dueAt()))
			.param("priority", task.priority()).param("status", task.status()).param("assignedTo", task.assignedTo())
			.param("leadId", task.leadId()).param("leadAssignedTo", task.leadAssignedTo())
			.param("completedAt", timestamp(task.completedAt())).param("id", task.id())
			.update();
	}

	void delete(long id) {
		jdbc.sql("DELETE FROM task WHERE id = ?").param(id).update();
	}

	List<Task> query(String where, String orderBy, Map<String, ?> params, int limit, long offset) {
		return jdbc.sql("SELECT * FROM task WHERE " + where + " ORDER BY " + orderBy + " LIMIT :limit OFFSET :offset")
			.params(params).param("limit", limit).param("offset", offset).query(TaskRepository::map).list();
	}

	long count(String where, Map<String, ?> params) {
		return jdbc.sql("SELECT count(*) FROM task WHERE " + where).params(params).query(Long.class).single();
	}

	/**
	 * Open tasks due before now, of one assignee or of everyone: the days before today (UTC) from the counters
	 * the triggers keep, today's tasks from the task index.
	 */
	long countOverdue(@Nullable Long assignedTo) {
		String assignee = assignedTo == null ? "" : " AND assigned_to = :assignee";
		return jdbc.sql("""
				WITH today AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day)
				SELECT (SELECT coalesce(sum(open), 0) FROM task_open_by_day, today
				         WHERE due_day < today.day%1$s)
				     + (SELECT count(*) FROM task, today
				         WHERE status IN ('open', 'in_progress') AND due_at >= today.day::timestamp AT TIME ZONE 'UTC'
				           AND due_at < now()%1$s)""".formatted(assignee))
			.params(assignedTo == null ? Map.of() : Map.of("assignee", assignedTo))
			.query(Long.class)
			.single();
	}

	/** Marks open tasks past their due time that were not announced yet, and returns them; two nodes never both get one. */
	List<Task> claimNewlyOverdue(int limit) {
		return jdbc.sql("""
				UPDATE task SET overdue_notified_at = now()
				 WHERE id IN (SELECT id FROM task
				               WHERE status IN ('open', 'in_progress') AND overdue_notified_at IS NULL AND due_at < now()
				               ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING *""")
			.param(limit).query(TaskRepository::map).list();
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	/** A deleted lead leaves its assignee's copy behind: a task about no lead has no lead assignee. */
	private static Task map(ResultSet rs, int row) throws SQLException {
		Long leadId = nullableLong(rs, "lead_id");
		return new Task(rs.getLong("id"), rs.getString("title"), rs.getString("description"),
				nullableInstant(rs, "due_at"), rs.getString("priority"), rs.getString("status"),
				nullableLong(rs, "assigned_to"), leadId, leadId == null ? null : nullableLong(rs, "lead_assigned_to"),
				nullableLong(rs, "created_by"),
				nullableInstant(rs, "completed_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

}
