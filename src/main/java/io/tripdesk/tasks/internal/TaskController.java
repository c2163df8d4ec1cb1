package io.tripdesk.tasks.internal;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.RequestBodies;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/tasks")
class TaskController {

	private final TaskService tasks;

	private final RequestBodies bodies;

	TaskController(TaskService tasks, RequestBodies bodies) {
		this.tasks = tasks;
		this.bodies = bodies;
	}

	@GetMapping
	PageResponse<TaskView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(name = "assigned_to", required = false) @Nullable String assignedTo,
			@RequestParam(required = false) @Nullable Long lead,
			@RequestParam(name = "due_after", required = false) @Nullable String dueAfter,
			@RequestParam(name = "due_before", required = false) @Nullable String dueBefore,
			@RequestParam(required = false) @Nullable Boolean overdue,
			@RequestParam(required = false) @Nullable String ordering, PageQuery page,
			@AuthenticationPrincipal CurrentUser user) {
		return tasks.list(new TaskService.Filters(status, assignedTo, lead, dueAfter, dueBefore, overdue, ordering),
				page, user);
	}

	@GetMapping("/{id}")
	TaskView get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return tasks.view(id, user);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TaskView create(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = TaskRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return tasks.create(bodies.read(body, TaskRequest.class), user);
	}

	@PatchMapping("/{id}")
	TaskView update(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = TaskRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return tasks.update(id, bodies.read(body, TaskRequest.class), user);
	}

	@PostMapping("/{id}/complete")
	TaskView complete(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return tasks.complete(id, user);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		tasks.delete(id, user);
	}

}
