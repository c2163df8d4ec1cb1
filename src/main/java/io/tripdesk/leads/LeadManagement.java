package io.tripdesk.leads;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;

/**
 * What other modules may ask of leads. Every method that takes a {@link CurrentUser} applies the
 * visibility rule: agents see the leads assigned to them and the unassigned ones; a lead they may
 * not see is reported as not found.
 */
public interface LeadManagement {

	/** The pipeline's stages in order. */
	List<PipelineStage> pipeline();

	/** Every lead source's key and label, in display order. */
	Map<String, String> sources();

	/** The lead, if it exists and {@code actor} may see it. */
	Optional<LeadSummary> find(long leadId, CurrentUser actor);

	/**
	 * The lead, if it exists and {@code actor} may see it, locked until the caller's transaction ends: its
	 * assignee and stage do not change meanwhile.
	 */
	Optional<LeadSummary> findForUpdate(long leadId, CurrentUser actor);

	/**
	 * The leads among {@code ids} that exist, by id, each with its first-touch ad referral, if any: what the
	 * system needs of many leads at once (no visibility rule applies).
	 */
	Map<Long, LeadWithReferral> findAll(Collection<Long> ids);

	/** The lead, or a 404 problem if it does not exist or {@code actor} may not see it. */
	LeadSummary get(long leadId, CurrentUser actor);

	/**
	 * The leads of WhatsApp customers, one for each contact and in the same order: matched by business-scoped
	 * user id, WhatsApp id or phone number (with the national quirks that make one number look like two), and
	 * created with source {@code whatsapp} (or {@code whatsapp_ad} with its referral) when there is none. A
	 * customer who appears twice is created once. Missing identifiers are added to an existing lead. Runs in
	 * the caller's transaction and keeps every lead it returns locked until that ends.
	 */
	List<ResolvedContact> resolveWhatsAppContacts(List<WhatsAppContact> contacts);

	/**
	 * Customers wrote, each lead's customer last at the time given: keeps the leads' last inbound times (they
	 * never move back) and starts their wait for a reply.
	 */
	void recordInbound(Map<Long, Instant> lastInboundByLead);

	/**
	 * The agency wrote at {@code at}. {@code byPerson} is false for automated and template sends, which
	 * do not count as the first response.
	 */
	void recordOutbound(long leadId, Instant at, boolean byPerson);

	/** Adds an entry to the lead's timeline, in the caller's transaction. */
	void addEvent(long leadId, LeadEventType type, Map<String, ?> payload, CurrentUser actor);

	/** Adds entries to the leads' timelines, all at once, in the caller's transaction. */
	void addEvents(List<TimelineEntry> entries, CurrentUser actor);

	/** Moves the lead to the won stage (a confirmed booking); nothing happens if it is already won. */
	void markWon(long leadId, CurrentUser actor, String note);

	/**
	 * A trip is being deleted: the leads interested in it lose it, each with an audit entry, a timeline entry and
	 * a {@link LeadUpdated} naming {@code trip_id}. In the caller's transaction, before the trip's row goes.
	 *
	 * @return how many leads lost the trip
	 */
	int clearTrip(long tripId, String tripCode, CurrentUser actor);

	/**
	 * Sets the leads' scores (0..100) in one statement. A score is derived data kept by analytics: it raises no
	 * event and leaves the lead's version alone, so it never conflicts with a person's edit.
	 */
	void updateScores(Map<Long, Integer> scores);

}
