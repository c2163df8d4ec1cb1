package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.tripdesk.leads.AdReferral;
import io.tripdesk.leads.LeadSummary;
import org.jspecify.annotations.Nullable;

/** A row of {@code lead}, and the one place it is turned into the views others see. */
record Lead(long id, String name, @Nullable String phone, @Nullable String waId, @Nullable String waUserId,
		@Nullable String waUsername, @Nullable String email, String source, String stage, @Nullable Long assignedTo,
		@Nullable Long tripId, @Nullable String destination, @Nullable LocalDate travelStart,
		@Nullable LocalDate travelEnd, @Nullable Integer travelers, @Nullable BigDecimal budget,
		@Nullable BigDecimal expectedValue, List<String> tags, @Nullable String notes, @Nullable String lostReason,
		@Nullable Integer score, @Nullable AdReferral referral, @Nullable Instant lastInboundAt,
		@Nullable Instant lastOutboundAt, @Nullable Instant firstResponseAt, Instant stageChangedAt,
		Instant createdAt, Instant updatedAt, long version) {

	boolean isWhatsApp() {
		return waId != null || waUserId != null;
	}

	LeadView toView() {
		return new LeadView(id, name, phone, waId, waUserId, waUsername, email, source, stage, assignedTo, tripId,
				destination, travelStart, travelEnd, travelers, budget, expectedValue, tags, notes, lostReason, score,
				isWhatsApp(), referral, lastInboundAt, lastOutboundAt, firstResponseAt, stageChangedAt, createdAt,
				updatedAt);
	}

	LeadSummary toSummary() {
		return new LeadSummary(id, name, phone, waId, waUserId, email, source, stage, assignedTo, tripId, expectedValue,
				lastInboundAt, lastOutboundAt, createdAt);
	}

}
