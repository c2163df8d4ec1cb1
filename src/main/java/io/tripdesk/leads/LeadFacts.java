package io.tripdesk.leads;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * What analytics reads of a lead to score it and to point at it: the customer's stated intent (budget,
 * travellers, trip, travel date), how the conversation went, and how far the lead got in the pipeline.
 *
 * @param furthestOpenPosition position of the furthest stage before won/lost the lead has been in
 * @param stageChangedAt when the lead entered its current stage
 */
public record LeadFacts(long id, String name, String source, String stage, boolean won,
		boolean lost, @Nullable Long assignedTo, @Nullable Long tripId, @Nullable Integer travelers,
		@Nullable BigDecimal budget, @Nullable BigDecimal expectedValue, @Nullable LocalDate travelStart,
		int furthestOpenPosition, @Nullable Integer score, @Nullable Instant lastInboundAt,
		@Nullable Instant firstResponseAt, @Nullable Instant awaitingReplySince, Instant stageChangedAt,
		Instant createdAt) {
}
