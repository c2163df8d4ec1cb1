package io.tripdesk.trips.internal;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A new booking; {@code amount} defaults to the trip's price for each traveller. */
record CreateBookingRequest(@NotNull Long leadId, @NotNull Long tripId, @NotNull @Min(1) @Max(1000) Integer travelers,
		@Nullable @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal amount,
		@Nullable @Size(max = 5000) String notes) {
}

/** A change to a pending booking. */
record UpdateBookingRequest(@Nullable @Min(1) @Max(1000) Integer travelers,
		@Nullable @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal amount,
		@Nullable @Size(max = 5000) String notes) {
}

/** Revenue in one currency: the sum of confirmed bookings. */
record RevenueView(String currency, BigDecimal total, long bookings) {
}
