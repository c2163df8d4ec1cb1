package io.tripdesk.trips;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A booking was confirmed: its seats are held and its amount is revenue. */
public record BookingConfirmed(long bookingId, long leadId, long tripId, int travelers, BigDecimal amount,
		String currency, @Nullable Long assignedTo, @Nullable Long actorId, Instant at) {
}
