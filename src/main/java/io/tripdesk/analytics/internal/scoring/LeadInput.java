package io.tripdesk.analytics.internal.scoring;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.tripdesk.leads.LeadFacts;
import org.jspecify.annotations.Nullable;

/** A lead with what other tables add to it: its trip's price and departure, and how often the customer wrote. */
record LeadInput(LeadFacts facts, @Nullable BigDecimal tripPrice, @Nullable LocalDate tripStart, long inboundMessages) {
}
