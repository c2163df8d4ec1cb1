package io.tripdesk.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days a request may name, in a field or a query parameter: 1900-01-01 to 9999-12-31. That holds every
 * booking, trip, birthday and "until forever" filter an agency writes, in four-digit years as ISO 8601 and
 * date pickers write them; beyond it, dates are typing mistakes that PostgreSQL and {@code java.sql} store in
 * the Julian calendar (year 1 came back as 0001-01-03) or that overflow date arithmetic.
 */
public final class SupportedDates {

	public static final LocalDate FIRST = LocalDate.of(1900, 1, 1);

	public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

	/** The rule as a problem's message says it. */
	public static final String RULE = "must be a date from " + FIRST + " to " + LAST;

	private static final Instant FIRST_INSTANT = FIRST.atStartOfDay(ZoneOffset.UTC).toInstant();

	private static final Instant END_INSTANT = LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

	private SupportedDates() {
	}

	public static boolean contains(LocalDate day) {
		return !day.isBefore(FIRST) && !day.isAfter(LAST);
	}

	/** Whether the instant falls on a supported day in UTC. */
	public static boolean contains(Instant instant) {
		return !instant.isBefore(FIRST_INSTANT) && instant.isBefore(END_INSTANT);
	}

}
