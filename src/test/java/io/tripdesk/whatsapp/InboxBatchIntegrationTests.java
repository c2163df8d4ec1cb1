package io.tripdesk.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.WhatsAppContact;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog in the inbox is processed many notifications at a time: the same effects as one by one, in
 * one transaction, and a notification that cannot be processed holds up none of the others.
 */
class InboxBatchIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LeadManagement leads;

	@Test
	void aBacklogIsProcessedTogetherWithTheSameEffectsAsOneByOne() {
		ApiClient agent = newAgent("batch.agent@test.local");
		long kim = admin().post("/api/leads/", Map.of("name", "Known Kim", "phone", "+1 555 020 0001", "source", "phone"))
			.json().get("id").asLong();
		long now = Instant.now().getEpochSecond();

		List<Long> inbox = storeBacklog(text("15550200001", "Kim", "wamid.batch-kim-1", now, "Hello again"),
				text("15550200002", "Nora New", "wamid.batch-nora-1", now, "First question"),
				text("15550200002", "Nora New", "wamid.batch-nora-2", now + 1, "Second question"),
				text("15550200002", "Nora New", "wamid.batch-nora-1", now, "First question"), "{not json");
		awaitSettled(inbox);

		assertThat(status(inbox.get(4))).isEqualTo("dead");
		assertThat(inbox.subList(0, 4)).allSatisfy(id -> assertThat(status(id)).isEqualTo("processed"));
		assertThat(count("SELECT count(DISTINCT xmin::text) FROM whatsapp_message WHERE wamid LIKE 'wamid.batch-%'"))
			.as("stored in one transaction").isEqualTo(1);

		assertThat(count("SELECT count(*) FROM lead WHERE phone_e164 = '+15550200001'")).as("Kim found by phone").isEqualTo(1);
		assertThat(jdbc.sql("SELECT wa_id FROM lead WHERE id = ?").param(kim).query(String.class).single())
			.isEqualTo("15550200001");
		long nora = jdbc.sql("SELECT id FROM lead WHERE wa_id = '15550200002'").query(Long.class).single();
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE lead_id = ?", nora)).as("the redelivery once")
			.isEqualTo(2);
		JsonNode conversation = admin().get("/api/whatsapp/conversations/" + nora + "/").json();
		assertThat(conversation.get("unread_count").asInt()).isEqualTo(2);
		assertThat(conversation.get("last_message_preview").asString()).isEqualTo("Second question");
		JsonNode timeline = admin().get("/api/leads/" + nora + "/events/").json().get("results");
		assertThat(timeline.valueStream().map(event -> event.get("type").asString()))
			.containsExactlyInAnyOrder("message_in", "message_in", "created");

		Eventually.await(() -> count("SELECT coalesce(sum(amount), 0) FROM analytics_lead_activity WHERE lead_id = ? "
				+ "AND metric = 'messages_in'", nora) == 2, "both of Nora's messages counted once");
		JsonNode notification = awaitNotification(agent, "message_received", "Nora New");
		assertThat(notification.get("title").asString()).isEqualTo("2 new messages from Nora New");
		assertThat(notification.get("body").asString()).isEqualTo("Second question");
		assertThat(awaitNotification(agent, "message_received", "Known Kim").get("title").asString())
			.isEqualTo("New message from Known Kim");
		assertThat(count("SELECT count(*) FROM live_event WHERE type = 'message_received' AND payload->>'wamid' LIKE "
				+ "'wamid.batch-%'")).as("one live message each").isEqualTo(3);
	}

	@Test
	void aNotificationThatFailsInABatchHoldsUpNoneOfTheOthers() {
		// Two leads claim one customer: the message of the conflict cannot be stored, however often it is tried.
		leads.resolveWhatsAppContacts(List.of(new WhatsAppContact(null, "US.conflict-a", null, "Ann A", null, Instant.now()),
				new WhatsAppContact("15550200009", null, null, "Ann B", null, Instant.now())));
		long now = Instant.now().getEpochSecond();
		String conflicting = WebhookIntegrationTests.notification("""
				"contacts":[{"profile":{"name":"Ann"},"wa_id":"15550200009","user_id":"US.conflict-a"}],
				"messages":[{"from":"15550200009","from_user_id":"US.conflict-a","id":"wamid.conflict-1","timestamp":"%d",
				 "type":"text","text":{"body":"Which of me is it?"}}]""".formatted(now));

		List<Long> inbox = storeBacklog(text("15550200010", "Before", "wamid.around-1", now, "One"), conflicting,
				text("15550200011", "After", "wamid.around-2", now, "Two"));
		awaitSettled(List.of(inbox.get(0), inbox.get(2)));

		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid IN ('wamid.around-1', 'wamid.around-2')"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid = 'wamid.conflict-1'")).isZero();
		assertThat(jdbc.sql("SELECT status || ' ' || attempts || ' ' "
				+ "|| (last_error LIKE 'Could not be stored: the database refused it%') FROM webhook_inbox WHERE id = ?")
			.param(inbox.get(1)).query(String.class).single())
			.as("kept for another try, the try counted once, with its own error").isEqualTo("pending 1 true");
		String status = admin().get("/api/whatsapp/status/").text();
		assertThat(status).contains("Could not be stored: the database refused it")
			.as("no technical detail on the status page").doesNotContain("Exception", "SQL", "ERROR:", "at io.", "duplicate key");
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE id = ?").param(inbox.get(1)).update();
	}

	@Test
	void aMessageThatCannotBeStoredIsSetAsideAloneAndTheOthersOfItsNotificationAreStored() {
		leads.resolveWhatsAppContacts(List.of(new WhatsAppContact(null, "US.aside-a", null, "Ada A", null, Instant.now()),
				new WhatsAppContact("15550200041", null, null, "Ada B", null, Instant.now())));
		long now = Instant.now().getEpochSecond();
		String notification = WebhookIntegrationTests.notification("""
				"contacts":[{"profile":{"name":"Ida"},"wa_id":"15550200040"},
				            {"profile":{"name":"Ada"},"wa_id":"15550200041","user_id":"US.aside-a"}],
				"messages":[{"from":"15550200040","id":"wamid.aside-1","timestamp":"%1$d","type":"text","text":{"body":"One"}},
				 {"from":"15550200041","from_user_id":"US.aside-a","id":"wamid.aside-2","timestamp":"%1$d","type":"text",
				  "text":{"body":"Which of me is it?"}},
				 {"from":"15550200040","id":"wamid.aside-3","timestamp":"%1$d","type":"text","text":{"body":"Three"}}]"""
			.formatted(now));

		long inboxId = storeBacklog(notification).get(0);
		awaitSettled(List.of(inboxId));

		assertThat(status(inboxId)).isEqualTo("processed");
		List<Long> parts = jdbc.sql("SELECT id FROM webhook_inbox WHERE split_from = ? ORDER BY id").param(inboxId)
			.query(Long.class).list();
		assertThat(parts).as("one notification a message").hasSize(3);
		long aside = jdbc.sql("SELECT id FROM webhook_inbox WHERE split_from = ? AND convert_from(body, 'UTF8') LIKE "
				+ "'%wamid.aside-2%'").param(inboxId).query(Long.class).single();
		awaitSettled(parts.stream().filter(id -> id != aside).toList());
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid IN ('wamid.aside-1', 'wamid.aside-3')"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid = 'wamid.aside-2'")).isZero();
		Eventually.await(() -> jdbc.sql("SELECT last_error LIKE 'Could not be stored:%' FROM webhook_inbox WHERE id = ?")
			.param(aside).query(Boolean.class).optional().orElse(false), "the message to be set aside with its error");

		// Its attempts run out: kept as dead, shown on the status page, and an admin retries it once the conflict is gone.
		jdbc.sql("UPDATE webhook_inbox SET attempts = 9, next_attempt_at = now() WHERE id = ?").param(aside).update();
		Eventually.await(() -> status(aside).equals("dead"), "the set-aside message to be kept as dead");
		JsonNode webhooks = admin().get("/api/whatsapp/status/").json().get("webhooks");
		assertThat(webhooks.get("dead").asLong()).isPositive();
		assertThat(webhooks.get("last_error").asString()).startsWith("Could not be stored: the database refused it")
			.doesNotContain("Exception", "SQL", "ERROR:", "at io.");
		jdbc.sql("UPDATE lead SET wa_user_id = NULL WHERE wa_user_id = 'US.aside-a'").update();
		assertThat(admin().post("/api/whatsapp/inbox/retry-dead/", null).json().get("requeued").asInt()).isPositive();
		awaitSettled(List.of(aside));

		assertThat(status(aside)).isEqualTo("processed");
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid LIKE 'wamid.aside-%'")).as("each once")
			.isEqualTo(3);
	}

	@Test
	void aStatusForAMessageNotStoredYetPostponesOnlyItsOwnNotification() {
		long now = Instant.now().getEpochSecond();
		String early = WebhookIntegrationTests.notification("""
				"statuses":[{"id":"wamid.sent-but-not-recorded","status":"delivered","timestamp":"%d",
				 "recipient_id":"15550200020"}]""".formatted(now));

		List<Long> inbox = storeBacklog(text("15550200021", "Otto", "wamid.next-to-early", now, "Hi"), early);
		awaitSettled(List.of(inbox.get(0)));
		Eventually.await(() -> status(inbox.get(1)).equals("pending"), "the early status to wait for its message");

		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid = 'wamid.next-to-early'")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT last_error FROM webhook_inbox WHERE id = ?").param(inbox.get(1)).query(String.class)
			.single()).contains("wamid.sent-but-not-recorded");
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE id = ?").param(inbox.get(1)).update();
	}

	@Test
	void aBacklogsStatusesMoveEachMessageOnceToTheFurthestWithEveryTimeKept() {
		long lead = admin().post("/api/leads/", Map.of("name", "Told Tom", "phone", "+1 555 020 0030", "source", "whatsapp"))
			.json().get("id").asLong();
		for (String wamid : List.of("wamid.told-out-1", "wamid.told-out-2")) {
			jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, by_person, "
					+ "created_at) VALUES (?, ?, 'out', 'text', 'Our offer', 'accepted', 15, TRUE, now())").params(wamid, lead)
				.update();
		}
		long now = Instant.now().getEpochSecond();

		List<Long> inbox = storeBacklog(status("wamid.told-out-1", "read", now + 2),
				status("wamid.told-out-1", "sent", now), status("wamid.told-out-2", "delivered", now + 1),
				status("wamid.told-out-1", "delivered", now + 1), status("wamid.told-out-2", "sent", now));
		awaitSettled(inbox);

		assertThat(jdbc.sql("SELECT status || ' ' || (sent_at = to_timestamp(?)) || ' ' || (delivered_at = to_timestamp(?)) "
				+ "|| ' ' || (read_at = to_timestamp(?)) FROM whatsapp_message WHERE wamid = 'wamid.told-out-1'")
			.params(now, now + 1, now + 2).query(String.class).single()).as("each time as reported, in any order")
			.isEqualTo("read true true true");
		assertThat(jdbc.sql("SELECT status FROM whatsapp_message WHERE wamid = 'wamid.told-out-2'").query(String.class)
			.single()).isEqualTo("delivered");
		assertThat(count("SELECT count(DISTINCT xmin::text) FROM whatsapp_message WHERE wamid LIKE 'wamid.told-out-%'"))
			.as("both moved by one transaction").isEqualTo(1);
		assertThat(jdbc.sql("SELECT string_agg(payload->>'status', ',' ORDER BY id) FROM live_event "
				+ "WHERE type = 'message_status_changed' AND payload->>'wamid' LIKE 'wamid.told-out-%'").query(String.class)
			.single()).as("one live message a message, with where it got to").isEqualTo("read,delivered");
		Eventually.await(() -> count("SELECT count(*) FROM analytics_message m JOIN whatsapp_message w ON w.id = m.message_id "
				+ "WHERE w.wamid = 'wamid.told-out-1' AND m.delivered AND m.read") == 1, "analytics to note the read");
	}

	/** Stores notifications as one backlog (one commit), as a burst the worker has not caught up with. */
	private List<Long> storeBacklog(String... bodies) {
		return jdbc.sql("""
				INSERT INTO webhook_inbox (body)
				SELECT convert_to(body, 'UTF8') FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS b(body, position)
				 ORDER BY position RETURNING id""")
			.param(bodies).query(Long.class).list();
	}

	private void awaitSettled(List<Long> inbox) {
		Eventually.await(() -> inbox.stream().map(this::status).noneMatch(s -> s.equals("pending") || s.equals("processing")),
				"the backlog to be processed");
	}

	private String status(long inboxId) {
		return jdbc.sql("SELECT status FROM webhook_inbox WHERE id = ?").param(inboxId).query(String.class).single();
	}

	private long count(String sql, Object... params) {
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	private static String text(String from, String name, String wamid, long at, String body) {
		return WebhookIntegrationTests.notification("""
				"contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
				"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]"""
			.formatted(name, from, from, wamid, at, body));
	}

	private static String status(String wamid, String status, long at) {
		return WebhookIntegrationTests.notification("""
				"statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"15550200030"}]"""
			.formatted(wamid, status, at));
	}

	private static JsonNode awaitNotification(ApiClient client, String type, String about) {
		Eventually.await(() -> client.get("/api/notifications/").json().get("results").valueStream()
			.anyMatch(n -> n.get("type").asString().equals(type) && n.get("title").asString().endsWith(about)),
				"a notification about " + about);
		return client.get("/api/notifications/").json().get("results").valueStream()
			.filter(n -> n.get("type").asString().equals(type) && n.get("title").asString().endsWith(about)).findFirst()
			.orElseThrow();
	}

}
