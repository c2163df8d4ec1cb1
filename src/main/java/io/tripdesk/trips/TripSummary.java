package io.tripdesk.trips;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What other modules may know of a trip. */
public record TripSummary(long id, String code, String title, String destination, LocalDate startDate,
		LocalDate endDate, BigDecimal price, String currency, int capacity, int seatsBooked, String status) {

	public int seatsLeft() {
		return capacity - seatsBooked;
	}

}
