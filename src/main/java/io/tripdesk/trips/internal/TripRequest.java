package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The writable fields of a trip, for create (all but description required) and partial update. */
record TripRequest(
		@Nullable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]{1,39}", message = "must be 2 to 40 letters, digits, - or _") String code,
		@Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String title,
		@Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String destination,
		@Nullable @Size(max = 10000) String description,
		@Nullable LocalDate startDate,
		@Nullable LocalDate endDate,
		@Nullable @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal price,
		@Nullable @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code, e.g. EUR") String currency,
		@Nullable @Min(0) @Max(100000) Integer capacity,
		@Nullable @Pattern(regexp = "draft|open|closed|cancelled", message = "must be draft, open, closed or cancelled") String status) {
}
