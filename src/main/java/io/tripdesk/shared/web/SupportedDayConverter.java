package io.tripdesk.shared.web;

import java.time.LocalDate;

import io.tripdesk.shared.SupportedDates;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;

/**
 * A day in a path or query parameter: ISO 8601 ({@code 2026-07-01}) within {@link SupportedDates}, so that no
 * request reaches date arithmetic or the database with {@code -999999999-01-01}. Anything else is a type
 * mismatch, which is a 400 naming the parameter.
 */
final class SupportedDayConverter implements Converter<String, LocalDate> {

	@Override
	public @Nullable LocalDate convert(String source) {
		if (source.isEmpty()) {
			return null;
		}
		LocalDate day = LocalDate.parse(source);
		if (!SupportedDates.contains(day)) {
			throw new IllegalArgumentException(SupportedDates.RULE);
		}
		return day;
	}

}
