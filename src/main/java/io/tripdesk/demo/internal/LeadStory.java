package io.tripdesk.demo.internal;

import java.time.Instant;
import java.util.List;

import io.tripdesk.demo.internal.Departures.Departure;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one generated lead, decided before anything of it is written: the stages it went
 * through, who worked on it, the trip it asked about (or booked) and how its booking went.
 *
 * @param agentId the lead's agent; null for a lead nobody took yet
 * @param replierId who answers the lead's messages: its agent, or a colleague while it has none
 * @param booking null when the lead never had a booking
 */
record LeadStory(long id, String firstName, String name, String source, Instant created, List<StageStep> path,
		@Nullable Long agentId, long replierId, String replierName, @Nullable Departure trip, int travelers,
		@Nullable String referral, @Nullable Booking booking) {

	record StageStep(String stage, Instant at) {
	}

	/** A booking as it ends up: pending, confirmed (holding seats) or cancelled. */
	record Booking(long id, Departure trip, String status, Instant createdAt, @Nullable Instant confirmedAt,
			@Nullable Instant cancelledAt) {
	}

	StageStep current() {
		return path.get(path.size() - 1);
	}

	boolean confirmed() {
		return booking != null && booking.status().equals("confirmed");
	}

}
