package io.tripdesk.shared;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agency Tripdesk serves: its name, its time zone (where a business day starts, for date filters
 * and analytics) and its home currency.
 */
@ConfigurationProperties("tripdesk.agency")
public record AgencyProperties(@DefaultValue("Tripdesk Travel") String name, @DefaultValue("UTC") ZoneId timeZone,
		@DefaultValue("EUR") String currency) {
}
