package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** A trip as the API shows it; {@code revenue} is the sum of its confirmed bookings. */
record TripView(long id, String code, String title, String destination, @Nullable String description,
		LocalDate startDate, LocalDate endDate, BigDecimal price, String currency, int capacity, int seatsBooked,
		int seatsLeft, String status, BigDecimal revenue, int confirmedBookings, Instant createdAt, Instant updatedAt) {
}
