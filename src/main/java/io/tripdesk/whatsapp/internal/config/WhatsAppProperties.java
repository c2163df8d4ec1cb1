package io.tripdesk.whatsapp.internal.config;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tripdesk.whatsapp.*} ({@code TRIPDESK_WHATSAPP_*}). Without an access token Tripdesk talks to
 * its built-in sandbox instead of Meta; app secret and verify token, when not set, are generated once
 * and stored (admins see them on the status page).
 *
 * @param sendAttempts attempts of a send before it fails for good (retryable errors only)
 * @param sendBackoff the wait before a send's first retry; each further retry waits twice as long (up to ten
 * minutes), each wait between half and all of it
 * @param sendRate messages a second this node sends to Meta at most, evenly spaced (Meta's limit is 80 a
 * second per business number, for all nodes together)
 * @param inboxAttempts attempts at processing a notification before it is marked dead
 * @param sandboxStatusDelay how long the sandbox waits between a send's sent, delivered and read statuses
 * @param circuitOpenDuration how long sending pauses once Meta keeps failing, before it is tried again
 * @param sendLease how long a send stays reserved for the node sending it: a node that dies mid-send leaves
 *        it to the others (or to its own restart) after this; well above {@code graphTimeout}, or a slow
 *        answer from Meta lets a second node send the message too
 * @param abandonedSendWait how much longer a send whose lease ran out waits before it is sent again: its node
 *        may have died after Meta took the message, and a status of it that comes meanwhile (Meta retries them
 *        while no node answers) records it instead of a second send
 */
@Validated
@ConfigurationProperties("tripdesk.whatsapp")
public record WhatsAppProperties(@Nullable String appSecret, @Nullable String verifyToken,
		@Nullable String accessToken, @DefaultValue("105000000000002") String phoneNumberId,
		@DefaultValue("104000000000001") String businessAccountId,
		@DefaultValue("https://graph.facebook.com") String graphBaseUrl, @DefaultValue("v25.0") String graphVersion,
		@DefaultValue("10s") Duration graphTimeout, @DefaultValue("8") int sendAttempts,
		@DefaultValue("2s") Duration sendBackoff, @DefaultValue("80") @Positive int sendRate,
		@DefaultValue("10") int inboxAttempts, @DefaultValue("400ms") Duration sandboxStatusDelay,
		@DefaultValue("20s") Duration circuitOpenDuration, @DefaultValue("2m") Duration sendLease,
		@DefaultValue("30s") Duration abandonedSendWait) {

	public boolean sandbox() {
		return accessToken == null || accessToken.isBlank();
	}

}
