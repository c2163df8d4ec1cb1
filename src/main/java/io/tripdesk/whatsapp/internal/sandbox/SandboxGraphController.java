package io.tripdesk.whatsapp.internal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's Graph API: the subset of Meta's Cloud API that Tripdesk uses (send, read receipts,
 * media, templates, phone number health), answering like Meta: message ids, statuses that follow as
 * signed webhooks (sent, delivered, read), the 24-hour window error, the throughput limit, and
 * Graph-style errors for a bad token or request. Only active without real Meta credentials.
 */
@RestController
@RequestMapping("/sandbox/graph/{version}")
class SandboxGraphController {

	private static final Set<String> FREE_FORM = Set.of("text", "image", "document", "audio", "video", "sticker",
			"location", "contacts", "interactive", "reaction");

	private final WhatsAppSettings settings;

	private final SandboxState state;

	private final SandboxWebhooks webhooks;

	private final SandboxTemplates templates;

	private final JsonMapper json;

	SandboxGraphController(WhatsAppSettings settings, SandboxState state, SandboxWebhooks webhooks,
			SandboxTemplates templates, JsonMapper json) {
		this.settings = settings;
		this.state = state;
		this.webhooks = webhooks;
		this.templates = templates;
		this.json = json;
	}

	@PostMapping(path = "/{phoneNumberId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JsonNode> send(@PathVariable String phoneNumberId, @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		ResponseEntity<JsonNode> refused = refuse(authorization, phoneNumberId);
		if (refused != null) {
			return refused;
		}
		if (!"whatsapp".equals(body.path("messaging_product").asString(""))) {
			return error(400, 100, "(#100) The parameter messaging_product is required.", null);
		}
		if ("read".equals(body.path("status").asString(""))) {
			return ResponseEntity.ok(json.createObjectNode().put("success", true));
		}
		String to = body.path("to").asString("").replaceAll("\\D", "");
		String type = body.path("type").asString("text");
		String callbackData = body.path("biz_opaque_callback_data").asString(null);
		if (to.isEmpty() && !body.hasNonNull("recipient")) {
			return error(400, 131008, "(#131008) Required parameter is missing", "to is required");
		}
		if (!type.equals("template") && !FREE_FORM.contains(type)) {
			return error(400, 131051, "(#131051) Unsupported message type", "Type " + type + " is not supported.");
		}
		if (type.equals("template")) {
			String name = body.path("template").path("name").asString("");
			String language = body.path("template").path("language").path("code").asString("");
			if (!templates.isApproved(name, language)) {
				return error(404, 132001, "(#132001) Template name does not exist in the translation",
						"template name (" + name + ") does not exist in " + language);
			}
		}
		if (!state.withinThroughput()) {
			return error(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");
		}
		String wamid = "wamid.sandbox-" + UUID.randomUUID();
		boolean windowOpen = state.customer(to).map(c -> c.lastMessageAt().isAfter(Instant.now().minus(Duration.ofHours(24))))
			.orElse(false);
		Duration step = settings.properties().sandboxStatusDelay();
		if (!type.equals("template") && !windowOpen) {
			// As Meta: the send is accepted, the failure arrives as a status.
			webhooks.postLater(webhooks.status(wamid, to, callbackData, "failed", 131047, "Re-engagement message",
					"Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
					step);
		}
		else {
			webhooks.postLater(webhooks.status(wamid, to, callbackData, "sent", null, null, null), step);
			webhooks.postLater(webhooks.status(wamid, to, callbackData, "delivered", null, null, null), step.multipliedBy(2));
			if (!type.equals("reaction")) {
				webhooks.postLater(webhooks.status(wamid, to, callbackData, "read", null, null, null), step.multipliedBy(4));
			}
		}
		ObjectNode answer = json.createObjectNode().put("messaging_product", "whatsapp");
		answer.putArray("contacts").addObject().put("input", body.path("to").asString(to)).put("wa_id", to);
		ObjectNode message = answer.putArray("messages").addObject().put("id", wamid);
		if (type.equals("template")) {
			message.put("message_status", "accepted");
		}
		return ResponseEntity.ok(answer);
	}

	@PostMapping(path = "/{phoneNumberId}/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<JsonNode> upload(@PathVariable String phoneNumberId, @RequestParam("file") MultipartFile file,
			@RequestParam(name = "type", required = false) @Nullable String type,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization)
			throws IOException {
		ResponseEntity<JsonNode> refused = refuse(authorization, phoneNumberId);
		if (refused != null) {
			return refused;
		}
		String id = String.valueOf(1_390_000_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
		state.storeMedia(id, file.getBytes(), type != null ? type
				: file.getContentType() != null ? file.getContentType() : "application/octet-stream");
		return ResponseEntity.ok(json.createObjectNode().put("id", id));
	}

	/** Phone number health (the phone number id), or a media object's download URL (a media id). */
	@GetMapping("/{id}")
	ResponseEntity<JsonNode> node(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		ResponseEntity<JsonNode> refused = refuse(authorization, null);
		if (refused != null) {
			return refused;
		}
		if (id.equals(settings.phoneNumberId())) {
			ObjectNode phone = json.createObjectNode().put("id", id).put("display_phone_number", "+1 555-000-1234")
				.put("verified_name", "Tripdesk Sandbox Travel").put("status", "CONNECTED").put("quality_rating", "GREEN")
				.put("code_verification_status", "VERIFIED").put("platform_type", "CLOUD_API")
				.put("whatsapp_business_manager_messaging_limit", "TIER_1K").put("account_mode", "SANDBOX");
			phone.putObject("throughput").put("level", "STANDARD");
			phone.putObject("health_status").put("can_send_message", "AVAILABLE");
			return ResponseEntity.ok(phone);
		}
		SandboxState.StoredMedia media = mediaFor(id);
		ObjectNode answer = json.createObjectNode().put("messaging_product", "whatsapp")
			.put("url", settings.localBaseUrl() + "/sandbox/graph/" + settings.graphVersion() + "/media-download/" + id)
			.put("mime_type", media.mimeType()).put("sha256", sha256(media.bytes()))
			.put("file_size", String.valueOf(media.bytes().length)).put("id", id);
		return ResponseEntity.ok(answer);
	}

	@GetMapping("/media-download/{id}")
	ResponseEntity<byte[]> download(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		if (refuse(authorization, null) != null) {
			return ResponseEntity.status(401).build();
		}
		SandboxState.StoredMedia media = mediaFor(id);
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(media.mimeType())).body(media.bytes());
	}

	@GetMapping("/{wabaId}/message_templates")
	ResponseEntity<JsonNode> templates(@PathVariable String wabaId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		ResponseEntity<JsonNode> refused = refuse(authorization, null);
		if (refused != null) {
			return refused;
		}
		ObjectNode answer = json.createObjectNode();
		answer.set("data", templates.all());
		answer.putObject("paging").putObject("cursors").put("before", "MAZDZD").put("after", "MjQZD");
		return ResponseEntity.ok(answer);
	}

	/** Media the sandbox holds: uploaded, or a picture it draws for what simulated customers send. */
	private SandboxState.StoredMedia mediaFor(String id) {
		return state.media(id).orElseGet(() -> new SandboxState.StoredMedia(SandboxPictures.placeholder(id), "image/png"));
	}

	private @Nullable ResponseEntity<JsonNode> refuse(@Nullable String authorization, @Nullable String phoneNumberId) {
		if (!settings.sandbox()) {
			return error(404, 100, "The sandbox is off: Tripdesk is connected to Meta.", null);
		}
		String expected = "Bearer " + settings.accessToken();
		if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8))) {
			return error(401, 190, "Invalid OAuth access token - Cannot parse access token", null);
		}
		if (phoneNumberId != null && !phoneNumberId.equals(settings.phoneNumberId())) {
			return error(400, 100, "(#100) Unsupported post request. Object with ID '" + phoneNumberId + "' does not exist",
					null);
		}
		return null;
	}

	private ResponseEntity<JsonNode> error(int status, int code, String message, @Nullable String details) {
		ObjectNode body = json.createObjectNode();
		ObjectNode error = body.putObject("error").put("message", message).put("type", "OAuthException").put("code", code)
			.put("fbtrace_id", "Sandbox" + Long.toHexString(System.nanoTime()));
		if (details != null) {
			error.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
		}
		return ResponseEntity.status(status).body(body);
	}

	private static String sha256(byte[] bytes) {
		try {
			return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
