package io.tripdesk.whatsapp.internal.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's outgoing side: notifications in exactly Meta's format, signed with the app secret and
 * posted over HTTP to Tripdesk's own webhook, as Meta would post them.
 */
@Component
class SandboxWebhooks implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SandboxWebhooks.class);

	private final WhatsAppSettings settings;

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ScheduledExecutorService later = Executors.newScheduledThreadPool(1, runnable -> {
		Thread thread = new Thread(runnable, "sandbox-webhooks");
		thread.setDaemon(true);
		return thread;
	});

	SandboxWebhooks(WhatsAppSettings settings, JsonMapper json) {
		this.settings = settings;
		this.json = json;
	}

	/** The envelope Meta wraps every change in: object, entry (the WABA), changes, value with metadata. */
	ObjectNode envelope(ObjectNode value) {
		ObjectNode metadata = value.putObject("metadata");
		metadata.put("display_phone_number", "15550001234").put("phone_number_id", settings.phoneNumberId());
		value.put("messaging_product", "whatsapp");
		ObjectNode root = json.createObjectNode().put("object", "whatsapp_business_account");
		ObjectNode entry = root.putArray("entry").addObject().put("id", settings.businessAccountId());
		entry.putArray("changes").addObject().put("field", "messages").set("value", value);
		return root;
	}

	/** A status for a sent message, as Meta reports it, echoing the send's callback data. */
	ObjectNode status(String wamid, String recipient, @Nullable String callbackData, String status,
			@Nullable Integer errorCode, @Nullable String errorTitle, @Nullable String details) {
		ObjectNode value = json.createObjectNode();
		ObjectNode item = value.putArray("statuses").addObject().put("id", wamid).put("status", status)
			.put("timestamp", String.valueOf(Instant.now().getEpochSecond())).put("recipient_id", recipient);
		if (callbackData != null) {
			item.put("biz_opaque_callback_data", callbackData);
		}
		if (errorCode != null) {
			ArrayNode errors = item.putArray("errors");
			ObjectNode error = errors.addObject().put("code", errorCode).put("title", errorTitle).put("message", errorTitle);
			error.putObject("error_data").put("details", details);
		}
		return envelope(value);
	}

	/** Posts now; returns the HTTP status Tripdesk answered. */
	int post(ObjectNode notification) {
		byte[] body = notification.toString().getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.localBaseUrl() + "/api/whatsapp/webhook/"))
			.header("Content-Type", "application/json")
			.header("X-Hub-Signature-256", WebhookSignature.sign(body, settings.appSecret()))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(10)).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The sandbox could not reach the webhook", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Posts after a delay, like Meta's statuses trailing a send. Meta retries failed posts; so does the sandbox. */
	void postLater(ObjectNode notification, Duration delay) {
		later.schedule(() -> postWithRetries(notification, 5), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void postWithRetries(ObjectNode notification, int attemptsLeft) {
		try {
			if (post(notification) == 200) {
				return;
			}
		}
		catch (RuntimeException ex) {
			log.debug("Sandbox webhook post failed", ex);
		}
		if (attemptsLeft > 1) {
			later.schedule(() -> postWithRetries(notification, attemptsLeft - 1), 1, TimeUnit.SECONDS);
		}
	}

	@Override
	public void destroy() {
		later.shutdownNow();
	}

}
