package io.tripdesk.leads;

import org.jspecify.annotations.Nullable;

/**
 * The Click-to-WhatsApp ad a customer came from ({@code referral} in Meta's webhook): kept on the lead as
 * its first-touch attribution. {@code sourceId} is the ad id; {@code ctwaClid} the click id.
 */
public record AdReferral(@Nullable String sourceId, @Nullable String sourceUrl, @Nullable String sourceType,
		@Nullable String headline, @Nullable String body, @Nullable String mediaType, @Nullable String ctwaClid) {
}
