package io.tripdesk.shared;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agency Tripdesk serves.
 *
 * @param name shown in the dashboard
 * @param timeZone where a business day starts, for date filters and analytics
 * @param currency the home currency of prices and revenue
 * @param responseTimeTarget how soon a customer who writes should get a person's reply; longer waits
 * raise an alert and count against the response-time figures
 * @param businessHours when set, response times count only time within these hours (in {@code timeZone})
 */
@ConfigurationProperties("tripdesk.agency")
public record AgencyProperties(@DefaultValue("Tripdesk Travel") String name, @DefaultValue("UTC") ZoneId timeZone,
		@DefaultValue("EUR") String currency, @DefaultValue("15m") Duration responseTimeTarget,
		@Nullable BusinessHours businessHours) {

	/**
	 * Opening hours: {@code tripdesk.agency.business-hours.start=09:00}, {@code .end=18:00},
	 * {@code .days=MONDAY,TUESDAY,...} (default Monday to Friday).
	 */
	public record BusinessHours(LocalTime start, LocalTime end,
			@DefaultValue({ "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> days) {

		public BusinessHours {
			if (!end.isAfter(start)) {
				throw new IllegalArgumentException("tripdesk.agency.business-hours.end must be after start");
			}
		}

	}

}
