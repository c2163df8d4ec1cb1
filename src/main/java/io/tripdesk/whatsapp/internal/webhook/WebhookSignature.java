package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the raw
 * body bytes, keyed with the app secret. Compared in constant time; the body is never re-serialised.
 */
public final class WebhookSignature {

	private static final String PREFIX = "sha256=";

	private WebhookSignature() {
	}

	public static String sign(byte[] body, String appSecret) {
		return PREFIX + HexFormat.of().formatHex(hmac(body, appSecret));
	}

	public static boolean matches(byte[] body, @Nullable String header, String appSecret) {
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return false;
		}
		byte[] expected = HexFormat.of().formatHex(hmac(body, appSecret)).getBytes(StandardCharsets.US_ASCII);
		byte[] given = header.substring(PREFIX.length()).trim().toLowerCase(Locale.ROOT)
			.getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, given);
	}

	private static byte[] hmac(byte[] body, String appSecret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JVM", ex);
		}
	}

}
