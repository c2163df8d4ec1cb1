package io.tripdesk.trips.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.shared.database.Like;
import io.tripdesk.shared.web.FieldMessage;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.shared.web.Submitted;
import io.tripdesk.trips.TripCatalog;
import io.tripdesk.trips.TripSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class TripService implements TripCatalog {

	private static final Logger log = LoggerFactory.getLogger(TripService.class);

	private static final Map<String, String> ORDERINGS = Map.of("start_date", "t.start_date ASC, t.id ASC",
			"-start_date", "t.start_date DESC, t.id DESC", "price", "t.price ASC, t.id ASC", "-price",
			"t.price DESC, t.id DESC", "title", "t.title ASC, t.id ASC", "-title", "t.title DESC, t.id DESC",
			"created_at", "t.created_at ASC, t.id ASC", "-created_at", "t.created_at DESC, t.id DESC");

	private static final List<String> STATUSES = List.of("draft", "open", "closed", "cancelled");

	private final TripRepository trips;

	private final AuditLog auditLog;

	private final AgencyProperties agency;

	private final LeadManagement leads;

	TripService(TripRepository trips, AuditLog auditLog, AgencyProperties agency, LeadManagement leads) {
		this.trips = trips;
		this.auditLog = auditLog;
		this.agency = agency;
		this.leads = leads;
	}

	@Override
	public Optional<TripSummary> find(long tripId) {
		return trips.findById(tripId).map(Trip::toSummary);
	}

	@Override
	public List<TripSummary> upcoming(int limit) {
		return trips.query("t.status = 'open' AND t.start_date >= :today", "t.start_date ASC, t.id ASC",
				Map.of("today", today()), limit, 0).stream().map(Trip::toSummary).toList();
	}

	record Filters(@Nullable Boolean upcoming, @Nullable String destination, @Nullable String status,
			@Nullable String search, @Nullable String ordering) {
	}

	PageResponse<TripView> list(Filters filters, PageQuery page) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> params = new HashMap<>();
		List<FieldMessage> errors = new ArrayList<>();
		String ordering = filters.ordering() == null || filters.ordering().isBlank() ? "start_date" : filters.ordering();
		if (!ORDERINGS.containsKey(ordering)) {
			errors.add(new FieldMessage("ordering", "must be one of " + String.join(", ", ORDERINGS.keySet().stream().sorted().toList())));
		}
		if (Boolean.TRUE.equals(filters.upcoming())) {
			where.add("t.start_date >= :today");
			params.put("today", today());
		}
		else if (Boolean.FALSE.equals(filters.upcoming())) {
			where.add("t.start_date < :today");
			params.put("today", today());
		}
		if (filters.destination() != null && !filters.destination().isBlank()) {
			where.add("t.destination ILIKE :destination");
			params.put("destination", Like.containing(filters.destination().trim()));
		}
		if (filters.status() != null && !filters.status().isBlank()) {
			// Every element must name a status: "open," or "," is a client's mistake, not "any status".
			List<String> statuses = List.of(filters.status().split(",", -1)).stream().map(String::trim).toList();
			if (!STATUSES.containsAll(statuses)) {
				errors.add(new FieldMessage("status", "must be draft, open, closed or cancelled, or several of them separated by commas"));
			}
			else {
				where.add("t.status IN (:statuses)");
				params.put("statuses", statuses);
			}
		}
		if (filters.search() != null && !filters.search().isBlank()) {
			where.add("(t.code ILIKE :search OR t.title ILIKE :search OR t.destination ILIKE :search)");
			params.put("search", Like.containing(filters.search().trim()));
		}
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors);
		}
		String condition = String.join(" AND ", where);
		return PageResponse.of(trips.query(condition, ORDERINGS.get(ordering), params, page.pageSize(), page.offset())
			.stream().map(Trip::toView).toList(), trips.count(condition, params), page);
	}

	TripView view(long id) {
		return trips.findById(id).map(Trip::toView).orElseThrow(() -> ProblemException.notFound("Trip", id));
	}

	@Transactional
	TripView create(Submitted<TripRequest> input, CurrentUser actor) {
		List<FieldMessage> errors = new ArrayList<>();
		for (String field : List.of("code", "title", "destination", "start_date", "end_date", "price", "capacity")) {
			if (!input.has(field)) {
				errors.add(new FieldMessage(field, "is required"));
			}
		}
		throwIfAny(errors);
		TripRequest value = input.value();
		TripRequest trip = new TripRequest(value.code(), trim(value.title()), trim(value.destination()),
				value.description(), value.startDate(), value.endDate(), value.price(),
				value.currency() == null ? agency.currency() : value.currency(), value.capacity(),
				value.status() == null ? "open" : value.status());
		check(trip, null, errors);
		throwIfAny(errors);
		long id = trips.insert(trip);
		TripView created = view(id);
		auditLog.record(actor, "trip", id, "create", null, created);
		return created;
	}

	@Transactional
	TripView update(long id, Submitted<TripRequest> input, CurrentUser actor) {
		trips.lock(id);
		Trip before = trips.findById(id).orElseThrow(() -> ProblemException.notFound("Trip", id));
		TripRequest value = input.value();
		TripRequest after = new TripRequest(
				input.has("code") ? value.code() : before.code(),
				input.has("title") ? trim(value.title()) : before.title(),
				input.has("destination") ? trim(value.destination()) : before.destination(),
				input.has("description") ? value.description() : before.description(),
				input.has("start_date") ? value.startDate() : before.startDate(),
				input.has("end_date") ? value.endDate() : before.endDate(),
				input.has("price") ? value.price() : before.price(),
				input.has("currency") ? value.currency() : before.currency(),
				// Boxed: a null capacity must reach check() as a field error, not unbox against the int.
				input.has("capacity") ? value.capacity() : Integer.valueOf(before.capacity()),
				input.has("status") ? value.status() : before.status());
		List<FieldMessage> errors = new ArrayList<>();
		check(after, id, errors);
		throwIfAny(errors);
		if (after.capacity() < before.seatsBooked()) {
			throw new ProblemException(HttpStatus.CONFLICT, "capacity-below-bookings", "Capacity below bookings",
					"Trip " + id + " already has " + before.seatsBooked() + " seats booked; capacity cannot be "
							+ after.capacity() + ".")
				.with("seats_booked", before.seatsBooked());
		}
		trips.update(id, after);
		TripView updated = view(id);
		auditLog.record(actor, "trip", id, "update", before.toView(), updated);
		return updated;
	}

	/**
	 * Deletes a trip that was never booked; a booked one, even cancelled, stays for the accounts (its status says
	 * cancelled instead). The leads interested in it lose it visibly: audited, on their timelines, announced.
	 */
	@Transactional
	void delete(long id, CurrentUser actor) {
		trips.lock(id);
		Trip trip = trips.findById(id).orElseThrow(() -> ProblemException.notFound("Trip", id));
		if (trips.hasBookings(id)) {
			throw new ProblemException(HttpStatus.CONFLICT, "trip-has-bookings", "Trip has bookings",
					"Trip " + id + " has bookings, which are kept for the accounts. Set its status to cancelled instead.");
		}
		int leadsCleared = leads.clearTrip(id, trip.code(), actor);
		trips.delete(id);
		auditLog.record(actor, "trip", id, "delete", trip.toView(), null);
		log.info("Trip deleted tripId={} leadsCleared={}", id, leadsCleared);
	}

	/** The fields that must be present and consistent whatever else changed. */
	private void check(TripRequest trip, @Nullable Long self, List<FieldMessage> errors) {
		for (Map.Entry<String, Object> required : nonNull(trip).entrySet()) {
			if (required.getValue() == null) {
				errors.add(new FieldMessage(required.getKey(), "must not be null"));
			}
		}
		if (trip.startDate() != null && trip.endDate() != null && trip.endDate().isBefore(trip.startDate())) {
			errors.add(new FieldMessage("end_date", "must not be before start_date"));
		}
		if (errors.isEmpty() && trip.code() != null) {
			trips.findIdByCode(trip.code()).filter(other -> !other.equals(self)).ifPresent(other -> {
				throw new ProblemException(HttpStatus.CONFLICT, "duplicate-trip-code", "Trip code already used",
						"Trip " + other + " already has the code " + trip.code() + ".")
					.with("existing_trip_id", other);
			});
		}
	}

	private static Map<String, Object> nonNull(TripRequest trip) {
		Map<String, Object> fields = new HashMap<>();
		fields.put("code", trip.code());
		fields.put("title", trip.title());
		fields.put("destination", trip.destination());
		fields.put("start_date", trip.startDate());
		fields.put("end_date", trip.endDate());
		fields.put("price", trip.price());
		fields.put("currency", trip.currency());
		fields.put("capacity", trip.capacity());
		fields.put("status", trip.status());
		return fields;
	}

	private LocalDate today() {
		return LocalDate.now(agency.timeZone());
	}

	private static void throwIfAny(List<FieldMessage> errors) {
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors.stream().sorted(java.util.Comparator.comparing(FieldMessage::field)).toList());
		}
	}

	private static @Nullable String trim(@Nullable String value) {
		return value == null ? null : value.trim();
	}

}
