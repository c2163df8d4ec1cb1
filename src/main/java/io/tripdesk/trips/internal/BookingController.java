package io.tripdesk.trips.internal;

import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.RequestBodies;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
@RequestMapping("/api/bookings")
class BookingController {

	private final BookingService bookings;

	private final RequestBodies bodies;

	BookingController(BookingService bookings, RequestBodies bodies) {
		this.bookings = bookings;
		this.bodies = bodies;
	}

	@GetMapping
	PageResponse<Booking> list(@RequestParam(name = "lead", required = false) @Nullable Long leadId,
			@RequestParam(name = "trip", required = false) @Nullable Long tripId,
			@RequestParam(required = false) @Nullable String status, PageQuery page,
			@AuthenticationPrincipal CurrentUser user) {
		return bookings.list(leadId, tripId, status, page, user);
	}

	@GetMapping("/revenue")
	List<RevenueView> revenue(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to) {
		return bookings.revenue(from, to);
	}

	@GetMapping("/{id}")
	Booking get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return bookings.get(id, user);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Booking create(@Valid @RequestBody CreateBookingRequest request, @AuthenticationPrincipal CurrentUser user) {
		return bookings.create(request, user);
	}

	@PatchMapping("/{id}")
	Booking update(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = UpdateBookingRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		return bookings.update(id, bodies.read(body, UpdateBookingRequest.class), user);
	}

	/**
	 * Holds the seats (409 {@code overbooked} naming the seats left when they do not fit) and wins the lead.
	 * Idempotent: confirming a confirmed booking answers 200 with it unchanged; a cancelled one is a 409.
	 */
	@PostMapping("/{id}/confirm")
	Booking confirm(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return bookings.confirm(id, user);
	}

	/** Cancels, giving back the seats of a confirmed booking. Idempotent: cancelling again answers 200. */
	@PostMapping("/{id}/cancel")
	Booking cancel(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return bookings.cancel(id, user);
	}

}
