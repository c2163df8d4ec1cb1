/**
 * The trip catalogue (departures with dates, price and seats) and bookings: a lead books a trip; a
 * confirmed booking holds its seats, wins the lead and counts as revenue.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity", "leads" })
package io.tripdesk.trips;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
