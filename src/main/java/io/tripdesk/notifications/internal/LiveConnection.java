package io.tripdesk.notifications.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One dashboard socket. Messages leave in the order they were offered, written by a shared pool one
 * connection at a time, so a slow client holds back only itself; one that falls too far behind is
 * disconnected and catches up from the database when it reconnects. While it catches up, live events
 * wait and are sent after the replay, skipping any the replay already sent.
 */
final class LiveConnection {

	private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);

	private final WebSocketSession session;

	private final CurrentUser user;

	private final Executor sender;

	private final int queueLimit;

	private final Queue<String> outbox = new ArrayDeque<>();

	private final List<Held> heldDuringReplay = new ArrayList<>();

	private boolean replaying;

	/**
	 * Where the catch-up ended. The feed can be behind the store the replay read from, and then offers
	 * events the replay already sent: those are skipped, however late they come.
	 */
	private @Nullable FeedCursor replayedUpTo;

	private boolean draining;

	private volatile Instant lastPong = Instant.now();

	LiveConnection(WebSocketSession session, CurrentUser user, Executor sender, int queueLimit, boolean replaying) {
		this.session = session;
		this.user = user;
		this.sender = sender;
		this.queueLimit = queueLimit;
		this.replaying = replaying;
	}

	CurrentUser user() {
		return user;
	}

	String id() {
		return session.getId();
	}

	/** An event from the live feed, for this user if they may see it. */
	void offer(LiveEvent event) {
		String message = event.messageFor(user);
		if (message == null) {
			return;
		}
		synchronized (this) {
			if (replaying) {
				heldDuringReplay.add(new Held(event.cursor(), message));
				return;
			}
			if (replayedUpTo != null && event.cursor().compareTo(replayedUpTo) <= 0) {
				return;
			}
		}
		send(message);
	}

	/** Ends the catch-up: sends the live events that arrived meanwhile and are newer than {@code lastReplayed}. */
	void finishReplay(FeedCursor lastReplayed) {
		List<Held> held;
		synchronized (this) {
			held = List.copyOf(heldDuringReplay);
			heldDuringReplay.clear();
			replaying = false;
			replayedUpTo = lastReplayed;
			held.stream().filter(event -> event.cursor().compareTo(lastReplayed) > 0)
				.forEach(event -> enqueue(event.message()));
		}
		drainLater();
	}

	void send(String json) {
		synchronized (this) {
			enqueue(json);
		}
		drainLater();
	}

	void ping() {
		try {
			session.sendMessage(new PingMessage());
		}
		catch (IOException | IllegalStateException ex) {
			close(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	void ponged() {
		lastPong = Instant.now();
	}

	Instant lastPong() {
		return lastPong;
	}

	void close(CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException ex) {
			log.debug("Closing socket failed sessionId={}", id(), ex);
		}
	}

	private void enqueue(String json) {
		if (outbox.size() >= queueLimit) {
			log.warn("Live client too slow, disconnecting userId={} sessionId={} queued={}", user.id(), id(),
					outbox.size());
			outbox.clear();
			sender.execute(() -> close(CloseStatus.SERVICE_OVERLOAD));
			return;
		}
		outbox.add(json);
	}

	private void drainLater() {
		synchronized (this) {
			if (draining || outbox.isEmpty()) {
				return;
			}
			draining = true;
		}
		sender.execute(this::drain);
	}

	private void drain() {
		while (true) {
			String next;
			synchronized (this) {
				next = outbox.poll();
				if (next == null) {
					draining = false;
					return;
				}
			}
			try {
				session.sendMessage(new TextMessage(next));
			}
			catch (IOException | IllegalStateException ex) {
				log.debug("Live send failed, closing sessionId={}", id(), ex);
				synchronized (this) {
					outbox.clear();
					draining = false;
				}
				close(CloseStatus.SESSION_NOT_RELIABLE);
				return;
			}
		}
	}

	/** A live event's message for this socket, kept while the catch-up runs. */
	private record Held(FeedCursor cursor, String message) {
	}

}
