package io.tripdesk.whatsapp.internal.sending;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Meta's error codes: which are worth retrying, and what each means in words an agent can act on.
 * Decisions are made on the code, never on Meta's wording.
 */
public final class GraphErrors {

	/** Rate limits, throughput, temporary downtime and unknown errors: retry with backoff. */
	private static final Set<Integer> RETRYABLE = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057);

	private static final Map<Integer, String> EXPLANATIONS = Map.ofEntries(
			Map.entry(0, "WhatsApp could not authenticate Tripdesk: the access token is invalid. An admin must renew it."),
			Map.entry(190, "The WhatsApp access token has expired or was revoked. An admin must set a new one."),
			Map.entry(100, "WhatsApp refused the message's content (an invalid parameter)."),
			Map.entry(368, "The WhatsApp account is temporarily blocked for a policy violation."),
			Map.entry(130429, "WhatsApp's sending rate was exceeded; Tripdesk retries more slowly."),
			Map.entry(130472, "This customer's number is part of a WhatsApp experiment; the message was not sent."),
			Map.entry(130497, "The WhatsApp account may not message customers in this country."),
			Map.entry(131026, "The message could not be delivered: the number may not use WhatsApp, or has an old app."),
			Map.entry(131031, "The WhatsApp business account is locked."),
			Map.entry(131042, "There is a payment problem on the WhatsApp business account."),
			Map.entry(131047, "More than 24 hours have passed since the customer last wrote: send an approved template instead."),
			Map.entry(131049, "WhatsApp held back this marketing message to keep engagement healthy; try again after 24 hours."),
			Map.entry(131050, "The customer has stopped marketing messages from this business."),
			Map.entry(131051, "WhatsApp does not support this message type."),
			Map.entry(131052, "WhatsApp could not download the customer's media; ask them to send it again."),
			Map.entry(131053, "WhatsApp could not fetch the media: check the link or the file type."),
			Map.entry(131056, "Too many messages to this customer in a short time; Tripdesk retries shortly."),
			Map.entry(132000, "The template's parameters do not match its placeholders."),
			Map.entry(132001, "This template does not exist in that language or is not approved."),
			Map.entry(132005, "The filled-in template is too long."),
			Map.entry(132007, "The template's content breaks WhatsApp's policies."),
			Map.entry(132012, "The template's parameters have the wrong format."),
			Map.entry(132015, "This template is paused for low quality; edit it or use another."),
			Map.entry(132016, "This template was disabled; create a new one."),
			Map.entry(133010, "The business phone number is not registered with WhatsApp."));

	private GraphErrors() {
	}

	/** Meta refused the access token itself (expired, revoked, or not a token): only an admin can help. */
	public static boolean tokenRejected(@Nullable Integer code) {
		return code != null && (code == 0 || code == 190);
	}

	public static boolean retryable(int httpStatus, @Nullable Integer code) {
		return code != null ? RETRYABLE.contains(code) : httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
	}

	/** What happened, for an agent: Meta's details when there is no better explanation. */
	public static String explain(@Nullable Integer code, @Nullable String details) {
		String known = code == null ? null : EXPLANATIONS.get(code);
		if (known != null) {
			return known;
		}
		if (details != null && !details.isBlank()) {
			return details;
		}
		return code == null ? "WhatsApp could not be reached." : "WhatsApp refused the message (error " + code + ").";
	}

}
