package io.tripdesk.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Talks to a running Tripdesk over real HTTP the way the dashboard does: a session cookie after
 * sign-in and the XSRF-TOKEN cookie echoed in X-XSRF-TOKEN; or as an integration, with a Bearer token.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private @Nullable String bearerToken;

	private boolean sendsCsrfHeader = true;

	private final Map<String, String> headers = new java.util.LinkedHashMap<>();

	public ApiClient(int port) {
		this.baseUrl = "http://localhost:" + port;
		this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
	}

	public static JsonMapper json() {
		return JSON;
	}

	public ApiClient login(String email, String password) {
		get("/api/auth/csrf/");
		ApiResponse response = post("/api/auth/login/", Map.of("email", email, "password", password));
		assertThat(response.status()).as("sign-in of %s: %s", email, response.text()).isEqualTo(200);
		return this;
	}

	public ApiClient withToken(String token) {
		this.bearerToken = token;
		return this;
	}

	/** Sends this header with every request, e.g. the X-Forwarded-For of a proxy in front of Tripdesk. */
	public ApiClient withHeader(String name, String value) {
		headers.put(name, value);
		return this;
	}

	/** Behaves like a cross-site form: the cookies go along, the X-XSRF-TOKEN header does not. */
	public ApiClient withoutCsrfHeader() {
		this.sendsCsrfHeader = false;
		return this;
	}

	public ApiResponse get(String path) {
		return send("GET", path, null, null);
	}

	/** A GET for something other than JSON (metrics, media, the dashboard's pages). */
	public ApiResponse getAccepting(String path, String accept) {
		return send("GET", path, null, null, accept);
	}

	public ApiResponse post(String path, @Nullable Object body) {
		return send("POST", path, body, null);
	}

	public ApiResponse patch(String path, Object body) {
		return send("PATCH", path, body, null);
	}

	public ApiResponse put(String path, Object body) {
		return send("PUT", path, body, null);
	}

	public ApiResponse delete(String path) {
		return send("DELETE", path, null, null);
	}

	/** Sends a body exactly as given, for malformed-input tests. */
	public ApiResponse postRaw(String path, String rawBody) {
		return send("POST", path, null, rawBody);
	}

	public ApiResponse send(String method, String path, @Nullable Object body, @Nullable String rawBody) {
		return send(method, path, body, rawBody, "application/json");
	}

	/** Posts bytes exactly as given with the caller's headers (Content-Type among them): signed webhooks, uploads. */
	public ApiResponse postBytes(String path, byte[] body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Accept", "application/json");
		headers.forEach(request::header);
		return send(request, "POST");
	}

	private ApiResponse send(String method, String path, @Nullable Object body, @Nullable String rawBody,
			String accept) {
		String payload = rawBody != null ? rawBody : body == null ? "" : JSON.writeValueAsString(body);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.method(method, payload.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
			.header("Accept", accept);
		if (!payload.isEmpty()) {
			request.header("Content-Type", "application/json");
		}
		return send(request, method);
	}

	/** Adds the credentials (token, or the session's XSRF token on changes) and sends. */
	private ApiResponse send(HttpRequest.Builder request, String method) {
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		headers.forEach(request::header);
		String xsrf = xsrfToken();
		if (sendsCsrfHeader && xsrf != null && !method.equals("GET")) {
			request.header("X-XSRF-TOKEN", xsrf);
		}
		try {
			HttpResponse<String> response = http.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new ApiResponse(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return URI.create(baseUrl).getPort();
	}

	/** The cookies this client would send, as a Cookie header (for a WebSocket handshake). */
	public String cookieHeader() {
		return String.join("; ", cookies.getCookieStore().getCookies().stream()
			.map(cookie -> cookie.getName() + "=" + cookie.getValue()).toList());
	}

	private @Nullable String xsrfToken() {
		return cookies.getCookieStore().getCookies().stream()
			.filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	public record ApiResponse(int status, String text, Map<String, java.util.List<String>> headers) {

		public JsonNode json() {
			return JSON.readTree(text);
		}

		public String contentType() {
			return headers.getOrDefault("content-type", java.util.List.of("")).get(0);
		}

	}

}
