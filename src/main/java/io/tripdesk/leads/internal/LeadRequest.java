package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The writable fields of a lead, for create ({@code POST}) and partial update ({@code PATCH}: fields
 * left out stay as they are, fields sent as null are cleared). {@code stage} in a PATCH is a stage
 * change, recorded like one.
 */
record LeadRequest(
		@Nullable @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String name,
		@Nullable @Size(max = 40) String phone,
		@Nullable @Email @Size(max = 254) String email,
		@Nullable String source,
		@Nullable String stage,
		@Nullable Long assignedTo,
		@Nullable Long tripId,
		@Nullable @Size(max = 200) String destination,
		@Nullable LocalDate travelStart,
		@Nullable LocalDate travelEnd,
		@Nullable @Min(1) @Max(1000) Integer travelers,
		@Nullable @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal budget,
		@Nullable @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal expectedValue,
		@Nullable @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
		@Nullable @Size(max = 10000) String notes,
		@Nullable @Size(max = 500) String lostReason) {
}
