package io.tripdesk.leads;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;

/**
 * What analytics reads of leads in bulk: the facts behind lead scores, and the short lists behind the
 * insights. Every list is bounded by {@code limit} and comes with the total it was cut from; the methods
 * that take a {@link CurrentUser} see only the leads that user may see.
 */
public interface LeadAnalysis {

	/** Leads cut to {@code limit}, and how many there are in all. */
	record Slice(List<LeadFacts> leads, long total) {
	}

	/** The lead's facts, if it exists and {@code actor} may see it. */
	Optional<LeadFacts> facts(long leadId, CurrentUser actor);

	/** Leads in id order after {@code afterId}; {@code onlyUnscored}: just those without a score yet. */
	List<LeadFacts> factsAfter(long afterId, int limit, boolean onlyUnscored);

	/** The most recently created won and lost leads, the history a scoring model learns from. */
	List<LeadFacts> decided(int limit);

	/**
	 * Open leads created since {@code createdSince} in a stage before {@code beforePosition}, whose value is
	 * at least {@code minValue}, highest value first. A lead's value is the largest of its expected value,
	 * its budget, and its travellers (at least one) times the price in {@code tripPrices} of its trip.
	 */
	Slice valuableEarlyLeads(int beforePosition, Instant createdSince, BigDecimal minValue,
			Map<Long, BigDecimal> tripPrices, int limit, CurrentUser actor);

	/** Customers waiting for a person's reply since before {@code cutoff}, the longest wait first. */
	Slice awaitingReply(Instant cutoff, int limit, CurrentUser actor);

	/**
	 * Leads in one of {@code stages} that entered it before {@code cutoff} and whose customer has not written
	 * since {@code cutoff}, the longest silence first.
	 */
	Slice silentSince(List<String> stages, Instant cutoff, int limit, CurrentUser actor);

}
