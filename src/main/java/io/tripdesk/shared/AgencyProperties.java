package io.tripdesk.shared;

import java.time.Duration;
import java.time.ZoneId;

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
 */
@ConfigurationProperties("tripdesk.agency")
public record AgencyProperties(@DefaultValue("Tripdesk Travel") String name, @DefaultValue("UTC") ZoneId timeZone,
		@DefaultValue("EUR") String currency, @DefaultValue("15m") Duration responseTimeTarget) {
}
