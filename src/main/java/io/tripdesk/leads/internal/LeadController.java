package io.tripdesk.leads.internal;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.RequestBodies;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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
@RequestMapping("/api/leads")
class LeadController {

	private final LeadService leads;

	private final RequestBodies inputs;

	LeadController(LeadService leads, RequestBodies inputs) {
		this.leads = leads;
		this.inputs = inputs;
	}

	@GetMapping
	PageResponse<LeadView> list(@RequestParam(required = false) @Nullable String stage,
			@RequestParam(required = false) @Nullable String source,
			@RequestParam(name = "is_whatsapp", required = false) @Nullable Boolean isWhatsapp,
			@RequestParam(name = "assigned_to", required = false) @Nullable String assignedTo,
			@RequestParam(name = "created_after", required = false) @Nullable String createdAfter,
			@RequestParam(name = "created_before", required = false) @Nullable String createdBefore,
			@Parameter(description = "Every word must begin a word of the lead's name or email; a number must begin "
					+ "the lead's phone number (with or without the country code) or end it") @RequestParam(required = false)
			@Nullable String search, @RequestParam(required = false) @Nullable String tags,
			@RequestParam(required = false) @Nullable String ordering,
			@Parameter(description = "From a next or previous link: the page after or before a row, as fast deep in "
					+ "the list as at its start") @RequestParam(required = false) @Nullable String cursor,
			PageQuery page, @AuthenticationPrincipal CurrentUser user) {
		var filters = new LeadListQuery.Filters(stage, source, isWhatsapp, assignedTo, createdAfter, createdBefore,
				search, tags, ordering, cursor);
		return leads.list(filters, page, user);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	LeadView create(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = LeadRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return leads.create(inputs.read(body, LeadRequest.class), user);
	}

	@GetMapping("/{id}")
	LeadView get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return leads.view(id, user);
	}

	@PatchMapping("/{id}")
	LeadView update(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = LeadRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return leads.update(id, inputs.read(body, LeadRequest.class), user);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only admins delete leads.");
		}
		leads.delete(id, user);
	}

	@PostMapping("/{id}/change-stage")
	LeadView changeStage(@PathVariable long id, @Valid @RequestBody ChangeStageRequest request,
			@AuthenticationPrincipal CurrentUser user) {
		return leads.changeStage(id, request.stage(), request.note(), user);
	}

	@GetMapping("/{id}/events")
	PageResponse<LeadEventView> events(@PathVariable long id, PageQuery page, @AuthenticationPrincipal CurrentUser user) {
		return leads.events(id, page, user);
	}

	@PostMapping("/{id}/notes")
	@ResponseStatus(HttpStatus.CREATED)
	LeadEventView addNote(@PathVariable long id, @Valid @RequestBody NoteRequest request,
			@AuthenticationPrincipal CurrentUser user) {
		return leads.addNote(id, request.text(), user);
	}

	@PostMapping("/bulk")
	LeadService.BulkResult bulk(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = LeadService.BulkRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return leads.bulk(inputs.read(body, LeadService.BulkRequest.class), user);
	}

	@GetMapping("/stages")
	List<Stage> stages() {
		return leads.stages();
	}

	@GetMapping("/sources")
	List<SourceView> sources() {
		return Arrays.stream(LeadSource.values()).map(source -> new SourceView(source.key(), source.label())).toList();
	}

	record ChangeStageRequest(@NotBlank String stage, @Nullable @Size(max = 2000) String note) {
	}

	record NoteRequest(@NotBlank @Size(max = 10000) String text) {
	}

	record SourceView(String key, String label) {
	}

}
