package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import io.tripdesk.trips.TripSummary;
import org.jspecify.annotations.Nullable;

/** A row of {@code trip}, with its confirmed bookings' totals. */
record Trip(long id, String code, String title, String destination, @Nullable String description,
		LocalDate startDate, LocalDate endDate, BigDecimal price, String currency, int capacity, int seatsBooked,
		String status, BigDecimal revenue, int confirmedBookings, Instant createdAt, Instant updatedAt) {

	TripView toView() {
		return new TripView(id, code, title, destination, description, startDate, endDate, price, currency, capacity,
				seatsBooked, capacity - seatsBooked, status, revenue, confirmedBookings, createdAt, updatedAt);
	}

	TripSummary toSummary() {
		return new TripSummary(id, code, title, destination, startDate, endDate, price, currency, capacity,
				seatsBooked, status);
	}

}
