package io.tripdesk.tasks.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.UserDirectory;
import io.tripdesk.identity.UserSummary;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.shared.web.FieldMessage;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.shared.web.Submitted;
import io.tripdesk.shared.web.TimeBoundary;
import io.tripdesk.tasks.TaskCompleted;
import io.tripdesk.tasks.TaskCreated;
import io.tripdesk.tasks.TaskManagement;
import io.tripdesk.tasks.TaskOverdue;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks. Admins see all. A task about a lead follows the lead: an agent sees every task on a lead they may see
 * (theirs or unassigned), and a task assigned to them wherever its lead has gone, since the work is theirs. Of
 * the tasks about no lead, an agent sees theirs, the unassigned ones and the ones they created. To anyone else a
 * task does not exist. Agents link tasks only to leads they may see.
 */
@Service
class TaskService implements TaskManagement {

	private static final Map<String, String> ORDERINGS = Map.of(
			"due_at", "due_at ASC NULLS LAST, id ASC", "-due_at", "due_at DESC NULLS LAST, id DESC",
			"priority", "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, due_at ASC NULLS LAST, id ASC",
			"created_at", "created_at ASC, id ASC", "-created_at", "created_at DESC, id DESC");

	private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");

	private static final List<String> STATUSES = List.of("open", "in_progress", "done", "cancelled");

	private final TaskRepository tasks;

	private final LeadManagement leads;

	private final UserDirectory users;

	private final AuditLog auditLog;

	private final ApplicationEventPublisher publisher;

	private final AgencyProperties agency;

	TaskService(TaskRepository tasks, LeadManagement leads, UserDirectory users, AuditLog auditLog,
			ApplicationEventPublisher publisher, AgencyProperties agency) {
		this.tasks = tasks;
		this.leads = leads;
		this.users = users;
		this.auditLog = auditLog;
		this.publisher = publisher;
		this.agency = agency;
	}

	@Override
	@Transactional
	public long create(String title, @Nullable String description, @Nullable Instant dueAt, String priority,
			@Nullable Long assignedTo, @Nullable Long leadId, CurrentUser actor) {
		List<FieldMessage> errors = new ArrayList<>();
		if (title.isBlank()) {
			errors.add(new FieldMessage("title", "must not be blank"));
		}
		if (!PRIORITIES.contains(priority)) {
			errors.add(new FieldMessage("priority", "must be low, normal, high or urgent"));
		}
		checkAssignee(assignedTo, errors);
		throwIfAny(errors);
		Long leadAssignedTo = leadId == null ? null : linkableLead(leadId, actor).assignedTo();
		long id = tasks.insert(title.trim(), description, dueAt, priority, assignedTo, leadId, leadAssignedTo,
				actor.id());
		Task task = tasks.findById(id).orElseThrow();
		auditLog.record(actor, "task", id, "create", null, task.toView(Instant.now()));
		if (leadId != null) {
			leads.addEvent(leadId, LeadEventType.TASK_CREATED, payload(task), actor);
		}
		publisher.publishEvent(new TaskCreated(id, task.title(), leadId, assignedTo, leadAssignedTo, dueAt, actor.id(),
				Instant.now()));
		return id;
	}

	@Override
	public long countOverdue(@Nullable Long assignedTo) {
		return tasks.countOverdue(assignedTo);
	}

	@Override
	public List<TaskSummary> openTasksOfLead(long leadId) {
		return tasks.query("lead_id = :lead AND status IN ('open', 'in_progress')", ORDERINGS.get("due_at"),
				Map.of("lead", leadId), 100, 0).stream().map(Task::toSummary).toList();
	}

	record Filters(@Nullable String status, @Nullable String assignedTo, @Nullable Long lead, @Nullable String dueAfter,
			@Nullable String dueBefore, @Nullable Boolean overdue, @Nullable String ordering) {
	}

	PageResponse<TaskView> list(Filters filters, PageQuery page, CurrentUser actor) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> params = new HashMap<>();
		List<FieldMessage> errors = new ArrayList<>();
		String ordering = filters.ordering() == null || filters.ordering().isBlank() ? "due_at" : filters.ordering();
		if (!ORDERINGS.containsKey(ordering)) {
			errors.add(new FieldMessage("ordering", "must be one of " + String.join(", ", ORDERINGS.keySet().stream().sorted().toList())));
		}
		// Every task of a lead the agent may see is theirs to see; otherwise the copy of each task's lead assignee
		// tells (the rule of mayWorkOn, for many tasks at once).
		boolean leadVisible = filters.lead() != null && leads.find(filters.lead(), actor).isPresent();
		if (!actor.isAdmin() && !leadVisible) {
			where.add("""
					(assigned_to = :viewer
					 OR lead_id IS NOT NULL AND (lead_assigned_to = :viewer OR lead_assigned_to IS NULL)
					 OR lead_id IS NULL AND (assigned_to IS NULL OR created_by = :viewer))""");
			params.put("viewer", actor.requireId());
		}
		if (filters.status() != null && !filters.status().isBlank()) {
			// Every comma-separated entry must be a status, an empty one too ("open,", ","): IN () is no SQL.
			List<String> statuses = Arrays.stream(filters.status().split(",", -1)).map(String::trim).toList();
			if (!STATUSES.containsAll(statuses)) {
				errors.add(new FieldMessage("status", "must be open, in_progress, done or cancelled (comma-separated)"));
			}
			where.add("status IN (:statuses)");
			params.put("statuses", statuses);
		}
		if (filters.assignedTo() != null && !filters.assignedTo().isBlank()) {
			String assignee = filters.assignedTo().trim();
			if (assignee.equals("none")) {
				where.add("assigned_to IS NULL");
			}
			else if (assignee.equals("me")) {
				where.add("assigned_to = :assignee");
				params.put("assignee", actor.id());
			}
			else if (assignee.matches("\\d{1,18}")) {
				where.add("assigned_to = :assignee");
				params.put("assignee", Long.parseLong(assignee));
			}
			else {
				errors.add(new FieldMessage("assigned_to", "must be a user id, 'me' or 'none'"));
			}
		}
		if (filters.lead() != null) {
			where.add("lead_id = :lead");
			params.put("lead", filters.lead());
		}
		Instant after = TimeBoundary.parse("due_after", filters.dueAfter(), agency.timeZone(), false, errors);
		if (after != null) {
			where.add("due_at >= :dueAfter");
			params.put("dueAfter", java.sql.Timestamp.from(after));
		}
		Instant before = TimeBoundary.parse("due_before", filters.dueBefore(), agency.timeZone(), true, errors);
		if (before != null) {
			where.add("due_at < :dueBefore");
			params.put("dueBefore", java.sql.Timestamp.from(before));
		}
		if (Boolean.TRUE.equals(filters.overdue())) {
			where.add("status IN ('open', 'in_progress') AND due_at < now()");
		}
		throwIfAny(errors);
		String condition = String.join(" AND ", where);
		Instant now = Instant.now();
		return PageResponse.of(tasks.query(condition, ORDERINGS.get(ordering), params, page.pageSize(), page.offset())
			.stream().map(task -> task.toView(now)).toList(), tasks.count(condition, params), page);
	}

	TaskView view(long id, CurrentUser actor) {
		return visible(id, actor).toView(Instant.now());
	}

	@Transactional
	TaskView create(Submitted<TaskRequest> input, CurrentUser actor) {
		input.require("title");
		TaskRequest value = input.value();
		if (value.title() == null) {
			throw ProblemException.invalid("title", "must not be blank");
		}
		if (value.status() != null && !value.status().equals("open")) {
			throw ProblemException.invalid("status", "a new task is open");
		}
		Long assignee = input.has("assigned_to") ? value.assignedTo() : actor.isAdmin() ? null : actor.id();
		long id = create(value.title(), value.description(), value.dueAt(),
				value.priority() == null ? "normal" : value.priority(), assignee, value.leadId(), actor);
		return view(id, actor);
	}

	@Transactional
	TaskView update(long id, Submitted<TaskRequest> input, CurrentUser actor) {
		Task before = visibleForUpdate(id, actor);
		TaskRequest value = input.value();
		List<FieldMessage> errors = new ArrayList<>();
		for (String field : List.of("title", "priority", "status")) {
			if (input.has(field) && switch (field) {
				case "title" -> value.title() == null;
				case "priority" -> value.priority() == null;
				default -> value.status() == null;
			}) {
				errors.add(new FieldMessage(field, "must not be null"));
			}
		}
		if (input.has("assigned_to")) {
			checkAssignee(value.assignedTo(), errors);
		}
		throwIfAny(errors);
		Long leadId = input.has("lead_id") ? value.leadId() : before.leadId();
		Long leadAssignedTo = leadId == null ? null
				: leadId.equals(before.leadId()) ? before.leadAssignedTo() : linkableLead(leadId, actor).assignedTo();
		String status = input.has("status") ? value.status() : before.status();
		Task after = new Task(id, input.has("title") ? value.title().trim() : before.title(),
				input.has("description") ? value.description() : before.description(),
				input.has("due_at") ? value.dueAt() : before.dueAt(),
				input.has("priority") ? value.priority() : before.priority(), status,
				input.has("assigned_to") ? value.assignedTo() : before.assignedTo(), leadId, leadAssignedTo,
				before.createdBy(),
				status.equals("done") ? (before.completedAt() != null ? before.completedAt() : Instant.now()) : null,
				before.createdAt(), before.updatedAt());
		tasks.update(after);
		Task updated = tasks.findById(id).orElseThrow();
		auditLog.record(actor, "task", id, "update", before.toView(Instant.now()), updated.toView(Instant.now()));
		if (status.equals("done") && !before.status().equals("done")) {
			announceCompletion(updated, actor);
		}
		return updated.toView(Instant.now());
	}

	/** Marks the task done; completing a done task changes nothing. */
	@Transactional
	TaskView complete(long id, CurrentUser actor) {
		Task before = visibleForUpdate(id, actor);
		if (before.status().equals("done")) {
			return before.toView(Instant.now());
		}
		Task done = new Task(id, before.title(), before.description(), before.dueAt(), before.priority(), "done",
				before.assignedTo(), before.leadId(), before.leadAssignedTo(), before.createdBy(), Instant.now(),
				before.createdAt(), before.updatedAt());
		tasks.update(done);
		Task updated = tasks.findById(id).orElseThrow();
		auditLog.record(actor, "task", id, "complete", before.toView(Instant.now()), updated.toView(Instant.now()));
		announceCompletion(updated, actor);
		return updated.toView(Instant.now());
	}

	@Transactional
	void delete(long id, CurrentUser actor) {
		Task task = visibleForUpdate(id, actor);
		if (!actor.isAdmin() && !Objects.equals(task.createdBy(), actor.id())) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"Only the task's creator or an admin deletes it; mark it cancelled instead.");
		}
		tasks.delete(id);
		auditLog.record(actor, "task", id, "delete", task.toView(Instant.now()), null);
	}

	/** Announces tasks that became overdue since the last scan; each due time once. Returns how many. */
	@Transactional
	int announceOverdue() {
		List<Task> overdue = tasks.claimNewlyOverdue(500);
		Instant now = Instant.now();
		overdue.forEach(task -> publisher.publishEvent(new TaskOverdue(task.id(), task.title(), task.leadId(),
				task.assignedTo(), task.leadAssignedTo(), task.dueAt(), now)));
		return overdue.size();
	}

	private void announceCompletion(Task task, CurrentUser actor) {
		if (task.leadId() != null) {
			leads.addEvent(task.leadId(), LeadEventType.TASK_COMPLETED, payload(task), actor);
		}
		publisher.publishEvent(new TaskCompleted(task.id(), task.title(), task.leadId(), task.assignedTo(),
				task.leadAssignedTo(), actor.id(), Instant.now()));
	}

	private Task visible(long id, CurrentUser actor) {
		return tasks.findById(id).filter(task -> mayWorkOn(task, actor))
			.orElseThrow(() -> ProblemException.notFound("Task", id));
	}

	private Task visibleForUpdate(long id, CurrentUser actor) {
		return tasks.findByIdForUpdate(id).filter(task -> mayWorkOn(task, actor))
			.orElseThrow(() -> ProblemException.notFound("Task", id));
	}

	/**
	 * Admins: every task. Agents: the ones assigned to them; the others on a lead only if they may see the lead
	 * (asked of the lead itself); the others about no lead if unassigned or created by them.
	 */
	private boolean mayWorkOn(Task task, CurrentUser actor) {
		if (actor.isAdmin() || task.assignedTo() != null && task.assignedTo().equals(actor.id())) {
			return true;
		}
		if (task.leadId() != null) {
			return leads.find(task.leadId(), actor).isPresent();
		}
		return task.assignedTo() == null || Objects.equals(task.createdBy(), actor.id());
	}

	/** A lead the actor may link a task to, locked so that its assignee, copied to the task, stays as copied. */
	private LeadSummary linkableLead(long leadId, CurrentUser actor) {
		return leads.findForUpdate(leadId, actor).orElseThrow(() -> ProblemException.notFound("Lead", leadId));
	}

	private void checkAssignee(@Nullable Long assignee, List<FieldMessage> errors) {
		if (assignee != null && users.find(assignee).filter(UserSummary::active).isEmpty()) {
			errors.add(new FieldMessage("assigned_to", "is not an active user"));
		}
	}

	private static void throwIfAny(List<FieldMessage> errors) {
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors);
		}
	}

	private static Map<String, Object> payload(Task task) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("task_id", task.id());
		payload.put("title", task.title());
		if (task.dueAt() != null) {
			payload.put("due_at", task.dueAt().toString());
		}
		return payload;
	}

}
