package io.tripdesk.notifications.internal;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/admin/}: the dashboard's live feed. A client that reconnects with
 * {@code ?last_event_id=…} first gets what it missed (from the database, only what its user may see,
 * in order), then the live events; one that missed more than the replay limit gets
 * {@code {"type":"resync"}} and should refetch. Every client gets a {@code hello} with the current
 * position to resume from.
 */
@Component
class LiveWebSocketHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(LiveWebSocketHandler.class);

	private static final int SEND_TIME_LIMIT_MILLIS = 10_000;

	private static final int BUFFER_LIMIT_BYTES = 1024 * 1024;

	private final LiveConnections connections;

	private final LiveEventStore store;

	private final LiveFeed feed;

	private final Executor sender;

	private final NotificationsProperties properties;

	private final JsonMapper json;

	LiveWebSocketHandler(LiveConnections connections, LiveEventStore store, LiveFeed feed,
			@Qualifier("liveSender") Executor sender,
			NotificationsProperties properties, JsonMapper json) {
		this.connections = connections;
		this.store = store;
		this.feed = feed;
		this.sender = sender;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		CurrentUser user = user(session.getPrincipal());
		if (user == null) {
			session.close(CloseStatus.POLICY_VIOLATION);
			return;
		}
		Optional<FeedCursor> resumeFrom = lastEventId(session);
		var decorated = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_LIMIT_BYTES);
		var connection = new LiveConnection(decorated, user, sender, properties.clientQueueLimit(),
				resumeFrom.isPresent());
		connections.add(connection);
		connection.send(json.createObjectNode().put("type", "hello").put("id", feed.cursor().toString())
			.put("at", Instant.now().toString()).toString());
		resumeFrom.ifPresent(cursor -> sender.execute(() -> replay(connection, cursor)));
		log.debug("Live client connected userId={} sessionId={}", user.id(), session.getId());
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		LiveConnection connection = connections.get(session.getId());
		if (connection == null) {
			return;
		}
		JsonNode request;
		try {
			request = json.readTree(message.getPayload());
		}
		catch (RuntimeException ex) {
			return; // not JSON: nothing a client could mean
		}
		if ("ping".equals(request.path("type").asString(""))) {
			connection.ponged();
			connection.send(json.createObjectNode().put("type", "pong").put("at", Instant.now().toString()).toString());
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession session, PongMessage message) {
		LiveConnection connection = connections.get(session.getId());
		if (connection != null) {
			connection.ponged();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		connections.remove(session.getId());
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		connections.remove(session.getId());
	}

	/** Pings every socket; one that has not answered for two rounds is dead and is dropped. */
	@Scheduled(fixedDelayString = "${tripdesk.notifications.heartbeat:25s}")
	void heartbeat() {
		Instant deadline = Instant.now().minus(properties.heartbeat().multipliedBy(2).plus(Duration.ofSeconds(5)));
		for (LiveConnection connection : connections.all()) {
			if (connection.lastPong().isBefore(deadline)) {
				connections.remove(connection.id());
				connection.close(CloseStatus.SESSION_NOT_RELIABLE);
			}
			else {
				connection.ping();
			}
		}
	}

	private void replay(LiveConnection connection, FeedCursor from) {
		FeedCursor last = from;
		try {
			List<LiveEvent> missed = store.readAfterFor(from, connection.user(), properties.replayLimit() + 1);
			if (missed.size() > properties.replayLimit()) {
				connection.send(json.createObjectNode().put("type", "resync").put("id", feed.cursor().toString())
					.put("at", Instant.now().toString()).toString());
				last = feed.cursor();
			}
			else {
				for (LiveEvent event : missed) {
					String message = event.messageFor(connection.user());
					if (message != null) {
						connection.send(message);
					}
					last = event.cursor();
				}
			}
		}
		finally {
			connection.finishReplay(last);
		}
	}

	private static Optional<FeedCursor> lastEventId(WebSocketSession session) {
		if (session.getUri() == null) {
			return Optional.empty();
		}
		String value = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams()
			.getFirst("last_event_id");
		return value == null ? Optional.empty() : FeedCursor.parse(value);
	}

	private static @Nullable CurrentUser user(@Nullable Principal principal) {
		if (principal instanceof Authentication authentication
				&& authentication.getPrincipal() instanceof CurrentUser user) {
			return user;
		}
		return null;
	}

}
