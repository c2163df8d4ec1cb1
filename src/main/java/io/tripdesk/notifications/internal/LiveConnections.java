package io.tripdesk.notifications.internal;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** The sockets connected to this node. */
@Component
class LiveConnections {

	private final ConcurrentHashMap<String, LiveConnection> connections = new ConcurrentHashMap<>();

	void add(LiveConnection connection) {
		connections.put(connection.id(), connection);
	}

	void remove(String sessionId) {
		connections.remove(sessionId);
	}

	LiveConnection get(String sessionId) {
		return connections.get(sessionId);
	}

	Collection<LiveConnection> all() {
		return connections.values();
	}

	/** Sends {@code event} to every socket allowed to see it. */
	void deliver(LiveEvent event) {
		connections.values().forEach(connection -> connection.offer(event));
	}

}
