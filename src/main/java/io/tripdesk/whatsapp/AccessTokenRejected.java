package io.tripdesk.whatsapp;

import java.time.Instant;

/**
 * Meta refused Tripdesk's WhatsApp access token (error 190: expired or revoked; 0: could not authenticate),
 * so nothing can be sent until an admin sets a new one. {@code tokenFingerprint} tells one token from the
 * next without revealing it; {@code explanation} says what to do.
 */
public record AccessTokenRejected(int errorCode, String tokenFingerprint, String explanation, Instant at) {
}
