package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.shared.web.Submitted;
import io.tripdesk.trips.BookingCancelled;
import io.tripdesk.trips.BookingConfirmed;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookings: created pending, confirmed (holding seats, winning the lead) or cancelled (releasing them).
 * Whoever may see a booking's lead sees and changes the booking (its notes are about the customer); to anyone
 * else it does not exist.
 */
@Service
class BookingService {

	private static final Logger log = LoggerFactory.getLogger(BookingService.class);

	/** The largest amount {@code booking.amount} (numeric(12, 2)) holds. */
	private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");

	private final BookingRepository bookings;

	private final TripRepository trips;

	private final LeadManagement leads;

	private final AuditLog auditLog;

	private final ApplicationEventPublisher publisher;

	private final AgencyProperties agency;

	BookingService(BookingRepository bookings, TripRepository trips, LeadManagement leads, AuditLog auditLog,
			ApplicationEventPublisher publisher, AgencyProperties agency) {
		this.bookings = bookings;
		this.trips = trips;
		this.leads = leads;
		this.auditLog = auditLog;
		this.publisher = publisher;
		this.agency = agency;
	}

	/**
	 * Bookings, newest first. Whoever may see a lead sees its bookings: a lead the actor may not see has none
	 * to show them, and an agent's list holds the bookings of their leads and of unassigned ones.
	 */
	PageResponse<Booking> list(@Nullable Long leadId, @Nullable Long tripId, @Nullable String status, PageQuery page,
			CurrentUser actor) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> params = new HashMap<>();
		if (status != null && !status.isBlank()) {
			if (!List.of(Booking.PENDING, Booking.CONFIRMED, Booking.CANCELLED).contains(status)) {
				throw ProblemException.invalid("status", "must be pending, confirmed or cancelled");
			}
			where.add("status = :status");
			params.put("status", status);
		}
		if (leadId != null) {
			if (leads.find(leadId, actor).isEmpty()) {
				return PageResponse.of(List.of(), 0, page);
			}
			where.add("lead_id = :lead");
			params.put("lead", leadId);
		}
		else if (!actor.isAdmin()) {
			where.add("(lead_assigned_to = :viewer OR lead_assigned_to IS NULL)");
			params.put("viewer", actor.requireId());
		}
		if (tripId != null) {
			where.add("trip_id = :trip");
			params.put("trip", tripId);
		}
		String condition = String.join(" AND ", where);
		return PageResponse.of(bookings.query(condition, params, page.pageSize(), page.offset()),
				bookings.count(condition, params), page);
	}

	/** The booking, or a 404 when it does not exist or its lead is one the actor may not see. */
	Booking get(long id, CurrentUser actor) {
		Booking booking = stored(id);
		if (leads.find(booking.leadId(), actor).isEmpty()) {
			throw ProblemException.notFound("Booking", id);
		}
		return booking;
	}

	private Booking stored(long id) {
		return bookings.findById(id).orElseThrow(() -> ProblemException.notFound("Booking", id));
	}

	@Transactional
	Booking create(CreateBookingRequest request, CurrentUser actor) {
		LeadSummary lead = bookableLead(request.leadId(), actor);
		Trip trip = trips.findById(request.tripId())
			.orElseThrow(() -> ProblemException.invalid("trip_id", "is not an existing trip"));
		if (!trip.status().equals("open")) {
			throw new ProblemException(HttpStatus.CONFLICT, "trip-not-open", "Trip not open for booking",
					"Trip " + trip.code() + " is " + trip.status() + ".");
		}
		BigDecimal amount = request.amount() != null ? request.amount()
				: trip.price().multiply(BigDecimal.valueOf(request.travelers()));
		if (amount.compareTo(MAX_AMOUNT) > 0) {
			throw ProblemException.invalid("amount",
					"the trip's price for " + request.travelers() + " travelers is above " + MAX_AMOUNT + "; send an amount");
		}
		long id = bookings.insert(lead.id(), lead.assignedTo(), trip.id(), request.travelers(), amount, trip.currency(),
				request.notes(), actor.id());
		Booking booking = stored(id);
		auditLog.record(actor, "booking", id, "create", null, booking);
		leads.addEvent(lead.id(), LeadEventType.BOOKING_CREATED, payload(booking, trip), actor);
		log.info("Booking created bookingId={} leadId={} tripId={}", id, lead.id(), trip.id());
		return booking;
	}

	@Transactional
	Booking update(long id, Submitted<UpdateBookingRequest> input, CurrentUser actor) {
		Booking before = lockedAndWorkable(id, actor);
		if (!before.status().equals(Booking.PENDING)) {
			throw new ProblemException(HttpStatus.CONFLICT, "booking-not-pending", "Booking not pending",
					"Booking " + id + " is " + before.status() + "; only pending bookings change.");
		}
		UpdateBookingRequest value = input.value();
		if (input.has("travelers") && value.travelers() == null || input.has("amount") && value.amount() == null) {
			throw ProblemException.invalid(input.has("travelers") && value.travelers() == null ? "travelers" : "amount",
					"must not be null");
		}
		bookings.update(id, input.has("travelers") ? value.travelers() : before.travelers(),
				input.has("amount") ? value.amount() : before.amount(), input.has("notes") ? value.notes() : before.notes());
		Booking after = stored(id);
		auditLog.record(actor, "booking", id, "update", before, after);
		return after;
	}

	/** Holds the seats and wins the lead; confirming a confirmed booking changes nothing. */
	@Transactional
	Booking confirm(long id, CurrentUser actor) {
		Booking booking = lockedAndWorkable(id, actor);
		if (booking.status().equals(Booking.CONFIRMED)) {
			return booking;
		}
		if (booking.status().equals(Booking.CANCELLED)) {
			throw new ProblemException(HttpStatus.CONFLICT, "booking-cancelled", "Booking cancelled",
					"Booking " + id + " was cancelled; make a new one.");
		}
		Trip trip = trips.findById(booking.tripId()).orElseThrow();
		if (!trip.status().equals("open")) {
			throw new ProblemException(HttpStatus.CONFLICT, "trip-not-open", "Trip not open for booking",
					"Trip " + trip.code() + " is " + trip.status() + ".");
		}
		if (!trips.holdSeats(trip.id(), booking.travelers())) {
			int left = trips.findById(trip.id()).map(t -> t.capacity() - t.seatsBooked()).orElse(0);
			throw new ProblemException(HttpStatus.CONFLICT, "overbooked", "Not enough seats",
					"Trip " + trip.code() + " has " + left + " seat" + (left == 1 ? "" : "s") + " left; this booking needs "
							+ booking.travelers() + ".")
				.with("seats_left", left);
		}
		bookings.markConfirmed(id);
		Booking confirmed = stored(id);
		auditLog.record(actor, "booking", id, "confirm", booking, confirmed);
		auditLog.record(actor, "trip", trip.id(), "hold_seats", trip.toView(), trips.findById(trip.id()).orElseThrow().toView());
		leads.markWon(booking.leadId(), actor, "Booking " + id + " confirmed");
		leads.addEvent(booking.leadId(), LeadEventType.BOOKING_CONFIRMED, payload(confirmed, trip), actor);
		LeadSummary lead = leads.get(booking.leadId(), CurrentUser.system());
		// "at" is the stored confirmed_at, so revenue by day agrees with /revenue and with BookingCancelled.confirmedAt.
		publisher.publishEvent(new BookingConfirmed(id, booking.leadId(), trip.id(), booking.travelers(),
				booking.amount(), booking.currency(), lead.assignedTo(), actor.id(),
				Objects.requireNonNull(confirmed.confirmedAt())));
		log.info("Booking confirmed bookingId={} tripId={} seats={}", id, trip.id(), booking.travelers());
		return confirmed;
	}

	/** Cancels; a confirmed booking gives its seats back. Cancelling twice changes nothing. */
	@Transactional
	Booking cancel(long id, CurrentUser actor) {
		Booking booking = lockedAndWorkable(id, actor);
		if (booking.status().equals(Booking.CANCELLED)) {
			return booking;
		}
		boolean wasConfirmed = booking.status().equals(Booking.CONFIRMED);
		Trip trip = trips.findById(booking.tripId()).orElseThrow();
		if (wasConfirmed) {
			trips.releaseSeats(trip.id(), booking.travelers());
			auditLog.record(actor, "trip", trip.id(), "release_seats", trip.toView(),
					trips.findById(trip.id()).orElseThrow().toView());
		}
		bookings.markCancelled(id);
		Booking cancelled = stored(id);
		auditLog.record(actor, "booking", id, "cancel", booking, cancelled);
		leads.addEvent(booking.leadId(), LeadEventType.BOOKING_CANCELLED, payload(cancelled, trip), actor);
		LeadSummary lead = leads.get(booking.leadId(), CurrentUser.system());
		publisher.publishEvent(new BookingCancelled(id, booking.leadId(), trip.id(), booking.travelers(),
				booking.amount(), booking.currency(), wasConfirmed, booking.confirmedAt(), lead.assignedTo(), actor.id(),
				Instant.now()));
		return cancelled;
	}

	/** Revenue: confirmed bookings' amounts, by currency, confirmed within the days given (agency time zone). */
	List<RevenueView> revenue(@Nullable LocalDate from, @Nullable LocalDate to) {
		if (from != null && to != null && to.isBefore(from)) {
			throw ProblemException.invalid("to", "must not be before from");
		}
		return bookings.revenue(from == null ? null : from.atStartOfDay(agency.timeZone()).toInstant(),
				to == null ? null : to.plusDays(1).atStartOfDay(agency.timeZone()).toInstant());
	}

	private Booking lockedAndWorkable(long id, CurrentUser actor) {
		Booking booking = bookings.findByIdForUpdate(id).orElseThrow(() -> ProblemException.notFound("Booking", id));
		if (leads.find(booking.leadId(), actor).isEmpty()) {
			throw ProblemException.notFound("Booking", id);
		}
		trips.lock(booking.tripId());
		return booking;
	}

	/** The lead to book, locked so that its assignee, copied to the booking, cannot change meanwhile. */
	private LeadSummary bookableLead(long leadId, CurrentUser actor) {
		return leads.findForUpdate(leadId, actor).orElseThrow(() -> ProblemException.notFound("Lead", leadId));
	}

	private static Map<String, Object> payload(Booking booking, Trip trip) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("booking_id", booking.id());
		payload.put("trip_id", trip.id());
		payload.put("trip_code", trip.code());
		payload.put("trip_title", trip.title());
		payload.put("travelers", booking.travelers());
		payload.put("amount", booking.amount());
		payload.put("currency", booking.currency());
		payload.put("status", booking.status());
		return payload;
	}

}
