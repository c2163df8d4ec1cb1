package io.tripdesk.trips;

import java.util.List;
import java.util.Optional;

/** The trip catalogue, for other modules (analytics, the assistant, automations). */
public interface TripCatalog {

	Optional<TripSummary> find(long tripId);

	/** Open trips departing today or later, soonest first. */
	List<TripSummary> upcoming(int limit);

}
