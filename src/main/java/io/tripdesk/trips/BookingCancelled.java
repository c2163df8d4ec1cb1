package io.tripdesk.trips;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A booking was cancelled; {@code wasConfirmed} tells whether seats and revenue were released. */
public record BookingCancelled(long bookingId, long leadId, long tripId, int travelers, BigDecimal amount,
		String currency, boolean wasConfirmed, @Nullable Instant confirmedAt, @Nullable Long assignedTo,
		@Nullable Long actorId, Instant at) {
}
