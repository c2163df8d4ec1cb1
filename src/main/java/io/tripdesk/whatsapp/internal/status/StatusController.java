package io.tripdesk.whatsapp.internal.status;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.sending.GraphClient;
import io.tripdesk.whatsapp.internal.sending.GraphException;
import io.tripdesk.whatsapp.internal.sending.SendWorker;
import io.tripdesk.whatsapp.internal.webhook.WebhookInbox;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/whatsapp/status/}: is WhatsApp working? Meta's view of the phone number (cached five
 * minutes) beside Tripdesk's own: webhooks arriving, signatures failing, the inbox backlog, the send
 * queue and recent failures. Admins also see the webhook settings to enter in Meta's dashboard.
 */
@RestController
class StatusController {

	private static final Duration PHONE_CACHE = Duration.ofMinutes(5);

	private static final String PHONE_FIELDS = "display_phone_number,verified_name,status,quality_rating,"
			+ "code_verification_status,platform_type,throughput,whatsapp_business_manager_messaging_limit,account_mode,health_status";

	private final WhatsAppSettings settings;

	private final GraphClient graph;

	private final WebhookInbox inbox;

	private final MessageStore messages;

	private final SendWorker sender;

	private final MeterRegistry meters;

	private volatile @Nullable PhoneHealth phone;

	StatusController(WhatsAppSettings settings, GraphClient graph, WebhookInbox inbox, MessageStore messages,
			SendWorker sender, MeterRegistry meters) {
		this.settings = settings;
		this.graph = graph;
		this.inbox = inbox;
		this.messages = messages;
		this.sender = sender;
		this.meters = meters;
	}

	record PhoneHealth(@Nullable JsonNode fields, @Nullable String error, Instant checkedAt) {
	}

	record Webhooks(@Nullable Instant lastReceivedAt, long signatureFailures, long backlog, long failing, long dead,
			@Nullable String lastError) {
	}

	record Sending(long queueDepth, long failedLastHour, String circuit) {
	}

	record Settings(String webhookPath, String verifyToken, boolean verifyTokenGenerated, @Nullable String appSecret,
			String phoneNumberId, String businessAccountId, String graphVersion) {
	}

	record Status(String mode, String health, PhoneHealth phone, Webhooks webhooks, Sending sending,
			@Nullable Settings settings) {
	}

	@GetMapping("/api/whatsapp/status")
	Status status(@AuthenticationPrincipal CurrentUser user) {
		PhoneHealth health = phone();
		WebhookInbox.Backlog backlog = inbox.backlog();
		Counter rejected = meters.find("tripdesk.whatsapp.webhook.rejected").counter();
		Sending sending = new Sending(messages.queueDepth(), messages.failedSince(Instant.now().minus(Duration.ofHours(1))),
				sender.circuitState().name());
		Settings visibleSettings = user.isAdmin() ? new Settings("/api/whatsapp/webhook/", settings.verifyToken(),
				settings.verifyTokenGenerated(), settings.appSecretGenerated() ? settings.appSecret() : null,
				settings.phoneNumberId(), settings.businessAccountId(), settings.graphVersion()) : null;
		return new Status(settings.sandbox() ? "sandbox" : "live", overall(health, backlog, sending), health,
				new Webhooks(backlog.lastReceivedAt(), rejected == null ? 0 : (long) rejected.count(), backlog.pending(),
						backlog.failing(), backlog.dead(), backlog.lastError()),
				sending, visibleSettings);
	}

	/** Green when Meta says the number can send and nothing is stuck; red when Meta is unreachable or refuses. */
	private static String overall(PhoneHealth phone, WebhookInbox.Backlog backlog, Sending sending) {
		if (phone.fields() == null || !"CONNECTED".equals(phone.fields().path("status").asString(""))
				|| "OPEN".equals(sending.circuit())) {
			return "red";
		}
		boolean limited = !"AVAILABLE".equals(phone.fields().path("health_status").path("can_send_message").asString("AVAILABLE"))
				|| !"GREEN".equals(phone.fields().path("quality_rating").asString("GREEN"));
		return limited || backlog.dead() > 0 || backlog.failing() > 0 || sending.failedLastHour() > 0 ? "yellow" : "green";
	}

	private PhoneHealth phone() {
		PhoneHealth cached = phone;
		if (cached != null && cached.checkedAt().isAfter(Instant.now().minus(PHONE_CACHE))) {
			return cached;
		}
		PhoneHealth fresh;
		try {
			fresh = new PhoneHealth(graph.get("/" + settings.phoneNumberId() + "?fields=" + PHONE_FIELDS), null, Instant.now());
		}
		catch (GraphException ex) {
			fresh = new PhoneHealth(null, ex.getMessage(), Instant.now());
		}
		phone = fresh;
		return fresh;
	}

}
