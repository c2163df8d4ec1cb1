package io.tripdesk.leads;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** What other modules may know of a lead. {@code phone} is E.164; {@code waUserId} the business-scoped user id. */
public record LeadSummary(long id, String name, @Nullable String phone, @Nullable String waId,
		@Nullable String waUserId, @Nullable String email, String source, String stage, @Nullable Long assignedTo,
		@Nullable Long tripId, @Nullable BigDecimal expectedValue, @Nullable Instant lastInboundAt,
		@Nullable Instant lastOutboundAt, Instant createdAt) {
}
