package io.tripdesk.analytics.internal.insights;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The thresholds of the insights.
 *
 * @param items leads, trips or sources listed per insight (the total is always given)
 * @param highValueAmount a lead worth at least this (expected value, budget, or travellers times trip price)
 * is high-value
 * @param highValueBefore high-value leads are pointed out while their stage is before this one
 * @param highValueCreatedWithin ... and they arrived within this time (older ones are looked at elsewhere)
 * @param waitingCriticalFactor a wait this many times the response-time target is critical
 * @param silentStages stages in which a customer's silence is pointed out
 * @param silentAfter how long without a message from the customer counts as silence
 * @param conversionMinDecided leads won or lost in each period before a source's change is tested
 * @param conversionSignificance the two-sided significance level of the two-proportion z-test
 * @param tripFillingShare a departure with at least this share of its seats booked is filling up
 * @param tripUnderBookedShare a departure with less than this share booked ...
 * @param tripUnderBookedWithinDays ... that leaves within this many days is under-booked
 * @param tripsScanned the soonest open departures looked at
 */
@Validated
@ConfigurationProperties("tripdesk.insights")
record InsightsProperties(@DefaultValue("10") @Min(1) @Max(50) int items,
		@DefaultValue("3000") @DecimalMin("0") BigDecimal highValueAmount,
		@DefaultValue("proposal_sent") String highValueBefore, @DefaultValue("60d") Duration highValueCreatedWithin,
		@DefaultValue("4") @Min(1) int waitingCriticalFactor,
		@DefaultValue({ "proposal_sent", "negotiation" }) List<String> silentStages,
		@DefaultValue("7d") Duration silentAfter, @DefaultValue("30") @Min(5) int conversionMinDecided,
		@DefaultValue("0.05") @DecimalMin("0.0001") @DecimalMax("0.5") double conversionSignificance,
		@DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1") double tripFillingShare,
		@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double tripUnderBookedShare,
		@DefaultValue("30") @Min(1) int tripUnderBookedWithinDays, @DefaultValue("500") @Min(1) int tripsScanned) {
}
