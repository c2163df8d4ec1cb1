package io.tripdesk.whatsapp.internal.sandbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static io.tripdesk.shared.database.Columns.instant;

/**
 * What the simulated Meta remembers: when each customer last wrote (for the 24-hour rule), media it
 * holds, and recent sends (for its throughput limit of 80 messages a second).
 */
@Component
class SandboxState {

	static final int MESSAGES_PER_SECOND = 80;

	private final JdbcClient jdbc;

	private final Map<String, StoredMedia> media = new ConcurrentHashMap<>();

	private final ConcurrentLinkedDeque<Long> recentSends = new ConcurrentLinkedDeque<>();

	SandboxState(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Customer(String waId, String name, Instant lastMessageAt) {
	}

	record StoredMedia(byte[] bytes, String mimeType) {
	}

	void customerWrote(String waId, String name, Instant at) {
		jdbc.sql("""
				INSERT INTO whatsapp_sandbox_customer (wa_id, name, last_message_at) VALUES (?, ?, ?)
				ON CONFLICT (wa_id) DO UPDATE SET name = EXCLUDED.name,
				    last_message_at = greatest(whatsapp_sandbox_customer.last_message_at, EXCLUDED.last_message_at)""")
			.params(waId, name, Timestamp.from(at)).update();
	}

	Optional<Customer> customer(String waId) {
		return jdbc.sql("SELECT * FROM whatsapp_sandbox_customer WHERE wa_id = ?").param(waId)
			.query((rs, row) -> new Customer(rs.getString("wa_id"), rs.getString("name"), instant(rs, "last_message_at")))
			.optional();
	}

	List<Customer> customers() {
		return jdbc.sql("SELECT * FROM whatsapp_sandbox_customer ORDER BY last_message_at DESC LIMIT 100")
			.query((rs, row) -> new Customer(rs.getString("wa_id"), rs.getString("name"), instant(rs, "last_message_at")))
			.list();
	}

	void storeMedia(String id, byte[] bytes, String mimeType) {
		media.put(id, new StoredMedia(bytes, mimeType));
	}

	Optional<StoredMedia> media(String id) {
		return Optional.ofNullable(media.get(id));
	}

	/** Counts a send; false when more than the throughput limit were sent within the last second. */
	boolean withinThroughput() {
		long now = System.currentTimeMillis();
		recentSends.addLast(now);
		while (!recentSends.isEmpty() && recentSends.peekFirst() < now - 1000) {
			recentSends.pollFirst();
		}
		return recentSends.size() <= MESSAGES_PER_SECOND;
	}

}
