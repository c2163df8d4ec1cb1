package io.tripdesk.analytics.internal.scoring;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.leads.LeadFacts;
import io.tripdesk.trips.TripCatalog;
import io.tripdesk.trips.TripSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Completes leads for scoring: trips from the catalogue (one look-up per distinct trip), and inbound
 * message counts from analytics' own per-lead activity rollup (one indexed query per batch).
 */
@Component
class LeadInputReader {

	private final TripCatalog trips;

	private final JdbcClient jdbc;

	LeadInputReader(TripCatalog trips, JdbcClient jdbc) {
		this.trips = trips;
		this.jdbc = jdbc;
	}

	List<LeadInput> read(List<LeadFacts> leads) {
		return read(leads, new HashMap<>());
	}

	/**
	 * As {@link #read(List)}, with the trips already looked up: a scoring run passes one map for all its
	 * batches, since a catalogue look-up sums the trip's bookings and most batches share most trips.
	 */
	List<LeadInput> read(List<LeadFacts> leads, Map<Long, Optional<TripSummary>> tripsById) {
		if (leads.isEmpty()) {
			return List.of();
		}
		Map<Long, Long> inbound = new HashMap<>();
		jdbc.sql("""
				SELECT lead_id, sum(amount) AS messages FROM analytics_lead_activity
				 WHERE metric = 'messages_in' AND lead_id = ANY (CAST(:ids AS bigint[]))
				 GROUP BY lead_id""")
			.param("ids", leads.stream().map(LeadFacts::id).toArray(Long[]::new))
			.query((rs, row) -> inbound.put(rs.getLong("lead_id"), rs.getLong("messages")))
			.list();
		return leads.stream().map(lead -> {
			TripSummary trip = lead.tripId() == null ? null
					: tripsById.computeIfAbsent(lead.tripId(), trips::find).orElse(null);
			BigDecimal price = trip == null ? null : trip.price();
			return new LeadInput(lead, price, trip == null ? null : trip.startDate(), inbound.getOrDefault(lead.id(), 0L));
		}).toList();
	}

}
