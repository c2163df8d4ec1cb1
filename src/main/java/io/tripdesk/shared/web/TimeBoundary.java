package io.tripdesk.shared.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.tripdesk.shared.SupportedDates;
import org.jspecify.annotations.Nullable;

/**
 * A list filter's time bound ({@code created_after}, {@code due_before}): a date ({@code 2026-07-01}) is a whole
 * day in the agency's time zone, an "after" bound from its start and a "before" bound up to its end; an ISO 8601
 * date-time with offset is taken as it is. Either must fall within {@link SupportedDates}.
 */
public final class TimeBoundary {

	private TimeBoundary() {
	}

	/** The bound, or null when the parameter is absent or blank; an unusable one is added to {@code errors}. */
	public static @Nullable Instant parse(String field, @Nullable String value, ZoneId zone, boolean endOfDay,
			List<FieldMessage> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			if (text.length() == 10) {
				LocalDate date = LocalDate.parse(text);
				if (SupportedDates.contains(date)) {
					return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
				}
			}
			else {
				Instant instant = OffsetDateTime.parse(text).toInstant();
				if (SupportedDates.contains(instant)) {
					return instant;
				}
			}
			errors.add(new FieldMessage(field, SupportedDates.RULE));
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldMessage(field, "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset"));
		}
		return null;
	}

}
