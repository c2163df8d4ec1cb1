package io.tripdesk.leads;

import org.jspecify.annotations.Nullable;

/** A lead and the click-to-WhatsApp ad it came from (its first-touch referral), if any. */
public record LeadWithReferral(LeadSummary lead, @Nullable AdReferral referral) {
}
