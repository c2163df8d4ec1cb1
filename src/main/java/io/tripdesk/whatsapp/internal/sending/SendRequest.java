package io.tripdesk.whatsapp.internal.sending;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message to a lead: {@code text} (optionally with a link preview), an approved {@code template}
 * with its parameters, or an {@code image} or {@code document} by link or uploaded media id; any of
 * them may reply to an earlier message ({@code reply_to}, a message id).
 */
record SendRequest(
		@NotNull Long leadId,
		@NotNull @Pattern(regexp = "text|template|image|document", message = "must be text, template, image or document") String type,
		@Nullable @Size(max = 4096) String text,
		@Nullable Boolean previewUrl,
		@Nullable @Valid Template template,
		@Nullable @Valid Media media,
		@Nullable Long replyTo,
		@Nullable @Size(max = 200) String idempotencyKey) {

	/**
	 * What the request asks for, whichever idempotency key it carries: its JSON without the key, hashed. A
	 * retry gives the same; another message under the same key does not.
	 */
	String fingerprint(JsonMapper json) {
		SendRequest withoutKey = new SendRequest(leadId, type, text, previewUrl, template, media, replyTo, null);
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(withoutKey)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

	record Template(@NotBlank @Size(max = 512) String name, @Nullable @Size(max = 15) String language,
			@Nullable @Size(max = 20) List<@NotNull @Size(max = 1024) String> parameters) {
	}

	record Media(@Nullable @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String link,
			@Nullable @Size(max = 200) String id, @Nullable @Size(max = 1024) String caption,
			@Nullable @Size(max = 240) String filename) {
	}

}
