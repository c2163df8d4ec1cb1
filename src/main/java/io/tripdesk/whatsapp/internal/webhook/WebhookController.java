package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meta's webhook. The handshake answers the challenge for the right verify token. A notification is
 * checked against its signature over the exact bytes received, stored, and only then answered 200;
 * processing follows. A bad signature gets 401 and stores nothing; a notification that could not be
 * stored gets 503, and Meta delivers it again.
 */
@RestController
@RequestMapping("/api/whatsapp/webhook")
class WebhookController {

	private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

	private final WhatsAppSettings settings;

	private final InboxWriter inbox;

	private final InboxWorker worker;

	private final Counter rejected;

	private final Counter accepted;

	WebhookController(WhatsAppSettings settings, InboxWriter inbox, InboxWorker worker, MeterRegistry meters) {
		this.settings = settings;
		this.inbox = inbox;
		this.worker = worker;
		this.rejected = Counter.builder("tripdesk.whatsapp.webhook.rejected")
			.description("Webhook posts refused for a missing or wrong signature").register(meters);
		this.accepted = Counter.builder("tripdesk.whatsapp.webhook.accepted")
			.description("Signed webhook notifications stored").register(meters);
	}

	@GetMapping
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) @Nullable String mode,
			@RequestParam(name = "hub.verify_token", required = false) @Nullable String token,
			@RequestParam(name = "hub.challenge", required = false) @Nullable String challenge) {
		boolean valid = "subscribe".equals(mode) && token != null && challenge != null
				&& MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
						settings.verifyToken().getBytes(StandardCharsets.UTF_8));
		if (!valid) {
			log.warn("Webhook verification refused mode={}", mode);
			return ResponseEntity.status(403).contentType(MediaType.TEXT_PLAIN).body("Verification failed");
		}
		// The challenge exactly as sent, as plain text: no JSON, no quotes.
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
	}

	@PostMapping
	ResponseEntity<Void> receive(@RequestBody(required = false) byte @Nullable [] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) @Nullable String signature) {
		if (body == null || !WebhookSignature.matches(body, signature, settings.appSecret())) {
			rejected.increment();
			log.warn("Webhook refused: {} signature", signature == null ? "missing" : "wrong");
			return ResponseEntity.status(401).build();
		}
		try {
			inbox.store(body);
		}
		catch (InboxWriter.NotStored ex) {
			// Not acknowledged: Meta delivers it again later.
			log.warn("Webhook notification not stored, answered 503: {}", ex.getMessage());
			return ResponseEntity.status(503).build();
		}
		accepted.increment();
		worker.wakeUp();
		return ResponseEntity.ok().build();
	}

	double rejectedCount() {
		return rejected.count();
	}

}
