package io.tripdesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer writing to the agency: posts Meta-format, signed webhooks to a running Tripdesk. */
public final class WhatsAppCustomer {

	private final int port;

	private final String appSecret;

	private final String waId;

	private final String name;

	public WhatsAppCustomer(int port, String appSecret, String waId, String name) {
		this.port = port;
		this.appSecret = appSecret;
		this.waId = waId;
		this.name = name;
	}

	/** Writes a text now; returns its wamid. */
	public String writes(String text) {
		String wamid = "wamid.test-" + UUID.randomUUID();
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages",
				"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234",
				"phone_number_id":"105000000000002"},"contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
				"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}"""
			.formatted(name, waId, waId, wamid, Instant.now().getEpochSecond(), text);
		assertThat(post(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
		return wamid;
	}

	public int post(byte[] body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/webhook/"))
			.header("Content-Type", "application/json")
			.header("X-Hub-Signature-256", WebhookSignature.sign(body, appSecret))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
