package io.tripdesk.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A dashboard's live socket ({@code /ws/admin/}), signed in with an {@link ApiClient}'s session. */
public final class LiveClient implements AutoCloseable {

	private final WebSocket socket;

	private final LinkedBlockingQueue<JsonNode> inbox;

	private LiveClient(WebSocket socket, LinkedBlockingQueue<JsonNode> inbox) {
		this.socket = socket;
		this.inbox = inbox;
	}

	public static LiveClient connect(ApiClient signedIn, @Nullable String lastEventId) {
		LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
		String query = lastEventId == null ? "" : "?last_event_id=" + lastEventId;
		WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
			.header("Cookie", signedIn.cookieHeader())
			.buildAsync(URI.create("ws://localhost:" + signedIn.port() + "/ws/admin/" + query), new Collector(inbox))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		return new LiveClient(socket, inbox);
	}

	/** The handshake's failure, for a client that may not connect. */
	public static Throwable refused(ApiClient client) {
		try {
			connect(client, null).close();
			return fail("the socket was accepted");
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
	}

	/** The next message matching {@code filter}, skipping others; fails after {@code timeout}. */
	public JsonNode await(Predicate<JsonNode> filter, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			try {
				JsonNode next = inbox.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
				if (next != null && filter.test(next)) {
					return next;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return fail("no matching live message within " + timeout);
	}

	public JsonNode awaitType(String type) {
		return await(message -> type.equals(message.path("type").asString("")), Duration.ofSeconds(5));
	}

	/** Every message that arrives within {@code window}. */
	public List<JsonNode> collect(Duration window) {
		List<JsonNode> collected = new ArrayList<>();
		Instant deadline = Instant.now().plus(window);
		while (Instant.now().isBefore(deadline)) {
			try {
				JsonNode next = inbox.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
				if (next != null) {
					collected.add(next);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return collected;
	}

	public static Predicate<JsonNode> about(String type, long leadId) {
		return message -> type.equals(message.path("type").asString("")) && message.path("lead_id").asLong() == leadId;
	}

	@Override
	public void close() {
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(ex -> null).join();
		assertThat(socket.isOutputClosed()).isTrue();
	}

	private static final class Collector implements WebSocket.Listener {

		private final LinkedBlockingQueue<JsonNode> inbox;

		private final StringBuilder partial = new StringBuilder();

		Collector(LinkedBlockingQueue<JsonNode> inbox) {
			this.inbox = inbox;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				inbox.add(ApiClient.json().readTree(partial.toString()));
				partial.setLength(0);
			}
			webSocket.request(1);
			return CompletableFuture.completedFuture(null);
		}

	}

}
