package io.tripdesk.leads;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A lead moved from one pipeline stage to another; {@code won}/{@code lost} describe the new stage. */
public record LeadStageChanged(long leadId, String fromStage, String toStage, boolean won, boolean lost,
		@Nullable String note, @Nullable Long assignedTo, @Nullable Long actorId, Instant at) {
}
