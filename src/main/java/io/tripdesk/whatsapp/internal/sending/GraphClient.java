package io.tripdesk.whatsapp.internal.sending;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp Cloud API over HTTP: Meta's Graph API, or the sandbox playing it; only the base URL and
 * token differ. Every failure becomes a {@link GraphException} carrying Meta's error code.
 */
@Component
public class GraphClient {

	private static final String NO_WAMID = "Meta answered without a message id, so the message may have reached the "
			+ "customer: check the conversation before sending it again.";

	private final WhatsAppSettings settings;

	private final JsonMapper json;

	private final RestClient http;

	GraphClient(WhatsAppSettings settings, JsonMapper json, RestClient.Builder builder) {
		this.settings = settings;
		this.json = json;
		Duration timeout = settings.properties().graphTimeout();
		var requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build());
		requestFactory.setReadTimeout(timeout);
		this.http = builder.requestFactory(requestFactory).build();
	}

	public record Media(byte[] bytes, String mimeType) {
	}

	/**
	 * Sends a message; returns Meta's wamid for it. A 2xx answer means Meta has the message, so one without a
	 * readable message id (cut short, not JSON, no id) fails for good rather than being retried, which would
	 * send it twice.
	 */
	public String sendMessage(JsonNode message) {
		try {
			return http.post().uri(url("/" + settings.phoneNumberId() + "/messages")).headers(this::authorize)
				.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(message))
				.exchange((request, response) -> {
					HttpStatusCode status = response.getStatusCode();
					if (!status.is2xxSuccessful()) {
						throw failure(status, errorBody(response), null);
					}
					String wamid = wamid(response);
					if (wamid == null) {
						throw new GraphException(status.value(), null, "No message id in Meta's answer", NO_WAMID, false,
								null);
					}
					return wamid;
				});
		}
		catch (ResourceAccessException ex) {
			throw new GraphException(0, null, "Meta could not be reached", null, true, ex);
		}
	}

	private @Nullable String wamid(ClientHttpResponse response) {
		try {
			JsonNode answer = json.readTree(response.getBody());
			return answer == null ? null : answer.path("messages").path(0).path("id").asString(null);
		}
		catch (IOException | JacksonException unreadable) {
			return null;
		}
	}

	/** An error's body; a body cut short counts as none (the status still says whether to retry). */
	private static String errorBody(ClientHttpResponse response) {
		try {
			return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException cut) {
			return "";
		}
	}

	/** Tells the customer their message was read (blue ticks). */
	public void markRead(String wamid) {
		var body = json.createObjectNode().put("messaging_product", "whatsapp").put("status", "read")
			.put("message_id", wamid);
		call(() -> http.post().uri(url("/" + settings.phoneNumberId() + "/messages")).headers(this::authorize)
			.contentType(MediaType.APPLICATION_JSON).body(body.toString()).retrieve().body(String.class));
	}

	/** A GET on the Graph API, e.g. {@code /{phone-number-id}?fields=…}; {@code pathAndQuery} starts with a slash. */
	public JsonNode get(String pathAndQuery) {
		return call(() -> http.get().uri(url(pathAndQuery)).headers(this::authorize).retrieve().body(String.class));
	}

	/** Follows a {@code paging.next} link, which Meta gives as a full URL. */
	public JsonNode getAbsolute(String url) {
		return call(() -> http.get().uri(java.net.URI.create(url)).headers(this::authorize).retrieve().body(String.class));
	}

	/** Media by id: Graph gives a short-lived URL, fetched with the same token. */
	public Media downloadMedia(String mediaId) {
		JsonNode info = get("/" + mediaId);
		String url = info.path("url").asString(null);
		if (url == null) {
			throw new GraphException(200, null, "No URL for media " + mediaId, null, false, null);
		}
		try {
			ResponseEntity<byte[]> response = http.get().uri(java.net.URI.create(url)).headers(this::authorize).retrieve().toEntity(byte[].class);
			MediaType type = response.getHeaders().getContentType();
			return new Media(response.getBody() == null ? new byte[0] : response.getBody(),
					type != null ? type.toString() : info.path("mime_type").asString("application/octet-stream"));
		}
		catch (RestClientResponseException ex) {
			throw failure(ex.getStatusCode(), ex.getResponseBodyAsString(), ex);
		}
		catch (ResourceAccessException ex) {
			throw new GraphException(0, null, "Meta could not be reached", null, true, ex);
		}
	}

	/** Uploads a file for sending by id; returns the media id. */
	public String uploadMedia(byte[] bytes, String mimeType, String filename) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		parts.add("messaging_product", "whatsapp");
		parts.add("type", mimeType);
		parts.add("file", new org.springframework.core.io.ByteArrayResource(bytes) {

			@Override
			public String getFilename() {
				return filename;
			}

		});
		JsonNode answer = call(() -> http.post().uri(url("/" + settings.phoneNumberId() + "/media")).headers(this::authorize)
			.contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().body(String.class));
		return answer.path("id").asString("");
	}

	private JsonNode call(java.util.function.Supplier<@Nullable String> request) {
		try {
			String body = request.get();
			return json.readTree(body == null || body.isBlank() ? "{}" : body);
		}
		catch (RestClientResponseException ex) {
			throw failure(ex.getStatusCode(), ex.getResponseBodyAsString(), ex);
		}
		catch (ResourceAccessException ex) {
			throw new GraphException(0, null, "Meta could not be reached", null, true, ex);
		}
	}

	private GraphException failure(HttpStatusCode status, String body, @Nullable Exception cause) {
		JsonNode error;
		try {
			error = json.readTree(body).path("error");
		}
		catch (RuntimeException unreadable) {
			error = json.createObjectNode();
		}
		Integer code = error.has("code") ? error.get("code").asInt() : null;
		String title = error.path("message").asString(null);
		String details = error.path("error_data").path("details").asString(null);
		return new GraphException(status.value(), code, title, details, GraphErrors.retryable(status.value(), code),
				cause);
	}

	private String url(String path) {
		return settings.graphBaseUrl() + "/" + settings.graphVersion() + path;
	}

	private void authorize(HttpHeaders headers) {
		headers.setBearerAuth(settings.accessToken());
	}

}
