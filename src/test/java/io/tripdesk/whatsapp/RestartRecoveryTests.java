package io.tripdesk.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.TestDatabase;
import io.tripdesk.support.TestNodes;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A node killed with work in the inbox and in the send queue: the next start finishes all of it. */
class RestartRecoveryTests {

	@Test
	void workLeftByACrashedNodeIsFinishedAfterTheRestart() {
		String database = TestDatabase.newDatabase();
		long lead;
		try (ConfigurableApplicationContext first = TestNodes.start(database)) {
			ApiClient admin = new ApiClient(TestNodes.port(first)).login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
			admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", "+1 555 030 0001", "name", "Before Crash",
					"text", "Hi, anyone there?"));
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			Eventually.await(() -> jdbc.sql("SELECT count(*) FROM lead WHERE wa_id = '15550300001'").query(Long.class).single() == 1,
					"the first customer's lead");
			lead = jdbc.sql("SELECT id FROM lead WHERE wa_id = '15550300001'").query(Long.class).single();
			String secret = first.getBean(WhatsAppSettings.class).appSecret();
			assertThat(secret).isNotBlank();

			// What a node killed mid-way leaves behind: a notification it had claimed, a send it had started.
			byte[] notification = """
					{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
					"messaging_product":"whatsapp","contacts":[{"profile":{"name":"After Crash"},"wa_id":"15550300002"}],
					"messages":[{"from":"15550300002","id":"wamid.crash-1","timestamp":"%d","type":"text",
					"text":{"body":"Still there?"}}]}}]}]}""".formatted(Instant.now().getEpochSecond())
				.getBytes(StandardCharsets.UTF_8);
			first.stop();
			jdbc.sql("INSERT INTO webhook_inbox (body, status, attempts, locked_until) VALUES (?, 'processing', 1, "
					+ "now() - interval '1 second')").param(notification).update();
			jdbc.sql("""
					INSERT INTO whatsapp_message (lead_id, direction, type, body, content, status, status_rank, idempotency_key,
					                              by_person, attempts, next_attempt_at, locked_until, created_at)
					VALUES (?, 'out', 'text', 'Yes, here!', '{"text":{"body":"Yes, here!","preview_url":false}}', 'sending', 10,
					        'crash-send-1', TRUE, 1, now(), now() - interval '1 second', now())""").param(lead).update();
		}

		// No status of the send comes (the sandbox never had it): after the wait for one, it goes out again.
		try (ConfigurableApplicationContext restarted = TestNodes.start(database,
				new String[] { "tripdesk.whatsapp.abandoned-send-wait=2s" })) {
			JdbcClient jdbc = restarted.getBean(JdbcClient.class);
			Eventually.await(() -> jdbc.sql("SELECT count(*) FROM lead WHERE wa_id = '15550300002'").query(Long.class).single() == 1,
					"the notification to be processed after the restart");
			Eventually.await(() -> jdbc.sql("SELECT status FROM whatsapp_message WHERE idempotency_key = 'crash-send-1'")
				.query(String.class).single().matches("accepted|sent|delivered|read"), "the send to go out after the restart");
			assertThat(jdbc.sql("SELECT count(*) FROM webhook_inbox WHERE status <> 'processed'").query(Long.class).single())
				.isZero();
		}
	}

}
