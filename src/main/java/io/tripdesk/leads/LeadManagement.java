package io.tripdesk.leads;

import java.time.Instant;
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

	/** The click-to-WhatsApp ad the lead came from (its first-touch referral), if any. */
	Optional<AdReferral> adReferral(long leadId);

	/** The lead, if it exists and {@code actor} may see it. */
	Optional<LeadSummary> find(long leadId, CurrentUser actor);

	/** The lead, or a 404 problem if it does not exist or {@code actor} may not see it. */
	LeadSummary get(long leadId, CurrentUser actor);

	/**
	 * The lead of a WhatsApp customer, matched by business-scoped user id, WhatsApp id or phone
	 * number (with the national quirks that make one number look like two); created with source
	 * {@code whatsapp} (or {@code whatsapp_ad} with its referral) when there is none. Missing
	 * identifiers are added to an existing lead. Runs in the caller's transaction.
	 */
	ResolvedContact resolveWhatsAppContact(WhatsAppContact contact);

	/** The customer wrote at {@code at}: keeps the lead's last inbound time (it never moves back). */
	void recordInbound(long leadId, Instant at);

	/**
	 * The agency wrote at {@code at}. {@code byPerson} is false for automated and template sends, which
	 * do not count as the first response.
	 */
	void recordOutbound(long leadId, Instant at, boolean byPerson);

	/** Adds an entry to the lead's timeline, in the caller's transaction. */
	void addEvent(long leadId, LeadEventType type, Map<String, ?> payload, CurrentUser actor);

	/** Moves the lead to the won stage (a confirmed booking); nothing happens if it is already won. */
	void markWon(long leadId, CurrentUser actor, String note);

	/**
	 * Sets the leads' scores (0..100) in one statement. A score is derived data kept by analytics: it raises no
	 * event and leaves the lead's version alone, so it never conflicts with a person's edit.
	 */
	void updateScores(Map<Long, Integer> scores);

}
