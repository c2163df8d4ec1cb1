package io.tripdesk.whatsapp.internal.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The customer simulator: a signed-in user writes as a customer (text, a photo, a location, a reaction,
 * a reply) and Tripdesk receives it exactly as from Meta, through its signed webhook. Sandbox mode only.
 */
@RestController
@RequestMapping("/api/whatsapp/sandbox")
class CustomerSimulatorController {

	private final WhatsAppSettings settings;

	private final SandboxState state;

	private final SandboxWebhooks webhooks;

	private final JsonMapper json;

	CustomerSimulatorController(WhatsAppSettings settings, SandboxState state, SandboxWebhooks webhooks,
			JsonMapper json) {
		this.settings = settings;
		this.state = state;
		this.webhooks = webhooks;
		this.json = json;
	}

	record CustomerMessage(
			@NotBlank @Pattern(regexp = "\\+?[0-9 ()-]{6,24}", message = "must be a phone number, e.g. +34 600 123 456") String phone,
			@Nullable @Size(max = 100) String name,
			@Nullable @Pattern(regexp = "text|image|location|reaction", message = "must be text, image, location or reaction") String type,
			@Nullable @Size(max = 4096) String text,
			@Nullable @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@Nullable @DecimalMin("-180") @DecimalMax("180") Double longitude,
			@Nullable @Size(max = 200) String replyToWamid,
			@Nullable @Size(max = 16) String emoji) {
	}

	record Sent(String wamid, String waId) {
	}

	@PostMapping("/messages")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Sent write(@Valid @RequestBody CustomerMessage request) {
		requireSandbox();
		String waId = request.phone().replaceAll("\\D", "");
		String name = request.name() == null || request.name().isBlank() ? "+" + waId : request.name().trim();
		String type = request.type() == null ? "text" : request.type();
		String wamid = "wamid.sandbox-in-" + UUID.randomUUID();
		Instant now = Instant.now();
		ObjectNode value = json.createObjectNode();
		value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", name);
		ObjectNode message = value.putArray("messages").addObject().put("from", waId).put("id", wamid)
			.put("timestamp", String.valueOf(now.getEpochSecond())).put("type", type);
		switch (type) {
			case "image" -> message.putObject("image").put("id", String.valueOf(1_380_000_000_000_000L + (now.toEpochMilli() % 1_000_000_000L)))
				.put("mime_type", "image/png").put("caption", request.text() == null ? "" : request.text());
			case "location" -> {
				if (request.latitude() == null || request.longitude() == null) {
					throw ProblemException.invalid("latitude", "a location needs latitude and longitude");
				}
				message.putObject("location").put("latitude", request.latitude()).put("longitude", request.longitude())
					.put("name", request.text());
			}
			case "reaction" -> {
				if (request.replyToWamid() == null) {
					throw ProblemException.invalid("reply_to_wamid", "a reaction needs the message it reacts to");
				}
				message.putObject("reaction").put("message_id", request.replyToWamid())
					.put("emoji", request.emoji() == null ? "" : request.emoji());
			}
			default -> {
				if (request.text() == null || request.text().isBlank()) {
					throw ProblemException.invalid("text", "is required for a text message");
				}
				message.putObject("text").put("body", request.text());
			}
		}
		if (request.replyToWamid() != null && !type.equals("reaction")) {
			message.putObject("context").put("from", "15550001234").put("id", request.replyToWamid());
		}
		if (!type.equals("reaction")) {
			state.customerWrote(waId, name, now);
		}
		int status = webhooks.post(webhooks.envelope(value));
		if (status != 200) {
			throw new ProblemException(HttpStatus.BAD_GATEWAY, "sandbox-webhook-refused", "Webhook refused",
					"Tripdesk's webhook answered " + status + " to the simulated message.");
		}
		return new Sent(wamid, waId);
	}

	@GetMapping("/customers")
	List<SandboxState.Customer> customers() {
		requireSandbox();
		return state.customers();
	}

	private void requireSandbox() {
		if (!settings.sandbox()) {
			throw new ProblemException(HttpStatus.CONFLICT, "sandbox-off", "Sandbox is off",
					"Tripdesk is connected to Meta (an access token is configured); the customer simulator is only "
							+ "available in sandbox mode.");
		}
	}

}
