package io.tripdesk.leads.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion the ISO country whose numbers may be typed without a country code (e.g. {@code US}, {@code BR})
 */
@ConfigurationProperties("tripdesk.leads")
record LeadsProperties(@DefaultValue("US") String defaultRegion) {
}
