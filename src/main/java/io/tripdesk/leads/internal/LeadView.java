package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.tripdesk.leads.AdReferral;
import org.jspecify.annotations.Nullable;

/** A lead as the API shows it. */
record LeadView(long id, String name, @Nullable String phone, @Nullable String waId, @Nullable String waUserId,
		@Nullable String waUsername, @Nullable String email, String source, String stage, @Nullable Long assignedTo,
		@Nullable Long tripId, @Nullable String destination, @Nullable LocalDate travelStart,
		@Nullable LocalDate travelEnd, @Nullable Integer travelers, @Nullable BigDecimal budget,
		@Nullable BigDecimal expectedValue, List<String> tags, @Nullable String notes, @Nullable String lostReason,
		@Nullable Integer score, boolean isWhatsapp, @Nullable AdReferral referral, @Nullable Instant lastInboundAt,
		@Nullable Instant lastOutboundAt, @Nullable Instant firstResponseAt, Instant stageChangedAt,
		Instant createdAt, Instant updatedAt) {
}
