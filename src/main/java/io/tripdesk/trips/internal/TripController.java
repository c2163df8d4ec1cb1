package io.tripdesk.trips.internal;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
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

/** The trip catalogue: everyone reads it, admins change it. */
@RestController
@RequestMapping("/api/trips")
class TripController {

	private final TripService trips;

	private final BookingService bookings;

	private final RequestBodies bodies;

	TripController(TripService trips, BookingService bookings, RequestBodies bodies) {
		this.trips = trips;
		this.bookings = bookings;
		this.bodies = bodies;
	}

	@GetMapping
	PageResponse<TripView> list(@RequestParam(required = false) @Nullable Boolean upcoming,
			@RequestParam(required = false) @Nullable String destination,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String search,
			@RequestParam(required = false) @Nullable String ordering, PageQuery page) {
		return trips.list(new TripService.Filters(upcoming, destination, status, search, ordering), page);
	}

	@GetMapping("/{id}")
	TripView get(@PathVariable long id) {
		return trips.view(id);
	}

	@GetMapping("/{id}/bookings")
	PageResponse<Booking> bookings(@PathVariable long id, @RequestParam(required = false) @Nullable String status,
			PageQuery page, @AuthenticationPrincipal CurrentUser user) {
		trips.view(id);
		return bookings.list(null, id, status, page, user);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TripView create(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = TripRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		return trips.create(bodies.read(body, TripRequest.class), user);
	}

	@PatchMapping("/{id}")
	TripView update(@PathVariable long id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = TripRequest.class))) @RequestBody JsonNode body,
			@AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		return trips.update(id, bodies.read(body, TripRequest.class), user);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		trips.delete(id, user);
	}

	private static void requireAdmin(CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only admins change trips.");
		}
	}

}
