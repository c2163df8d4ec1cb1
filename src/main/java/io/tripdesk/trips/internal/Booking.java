package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A row of {@code booking}, as stored and as the API shows it. */
record Booking(long id, long leadId, long tripId, int travelers, BigDecimal amount, String currency, String status,
		@Nullable String notes, @Nullable Long createdBy, Instant createdAt, Instant updatedAt,
		@Nullable Instant confirmedAt, @Nullable Instant cancelledAt) {

	static final String PENDING = "pending";

	static final String CONFIRMED = "confirmed";

	static final String CANCELLED = "cancelled";

}
