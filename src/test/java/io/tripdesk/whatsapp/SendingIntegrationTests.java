package io.tripdesk.whatsapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.WhatsAppCustomer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Sending against a Graph API that fails on demand (MockWebServer playing Meta). */
class SendingIntegrationTests extends IntegrationTest {

	static final String APP_SECRET = "sending-test-secret";

	static final MockWebServer meta = new MockWebServer();

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void metaIsTheMockServer(DynamicPropertyRegistry registry) throws IOException {
		meta.start();
		registry.add("tripdesk.whatsapp.graph-base-url", () -> meta.url("/").toString());
		registry.add("tripdesk.whatsapp.access-token", () -> "test-access-token");
		registry.add("tripdesk.whatsapp.app-secret", () -> APP_SECRET);
	}

	@AfterAll
	static void stopMeta() throws IOException {
		meta.shutdown();
	}

	@BeforeEach
	void forgetEarlierRequests() throws InterruptedException {
		while (meta.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
			// drain
		}
	}

	private long customerWrote(String waId, String name) {
		new WhatsAppCustomer(port, APP_SECRET, waId, name).writes("Hello, is the Peru trip still available?");
		Eventually.await(() -> jdbc.sql("SELECT count(*) FROM lead WHERE wa_id = ?").param(waId).query(Long.class).single() == 1
				&& jdbc.sql("SELECT count(*) FROM whatsapp_conversation c JOIN lead l ON l.id = c.lead_id WHERE l.wa_id = ?")
					.param(waId).query(Long.class).single() == 1, "the customer's lead");
		return jdbc.sql("SELECT id FROM lead WHERE wa_id = ?").param(waId).query(Long.class).single();
	}

	private JsonNode awaitStatus(ApiClient client, long leadId, long messageId, String status) {
		Instant deadline = Instant.now().plusSeconds(15);
		while (Instant.now().isBefore(deadline)) {
			for (JsonNode message : client.get("/api/whatsapp/conversations/" + leadId + "/messages/").json().get("results")) {
				if (message.get("id").asLong() == messageId && message.get("status").asString().equals(status)) {
					return message;
				}
			}
			sleep();
		}
		return fail("message " + messageId + " never became " + status);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static MockResponse accepted(String wamid) {
		return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
			.setBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
					+ "\"messages\":[{\"id\":\"" + wamid + "\"}]}");
	}

	@Test
	void aSendThatFailsTwiceWithServerErrorsIsDeliveredOnce() throws InterruptedException {
		ApiClient agent = admin();
		long lead = customerWrote("15550101001", "Retry Rosa");
		meta.enqueue(new MockResponse().setResponseCode(500).setBody("{\"error\":{\"code\":2,\"message\":\"down\"}}"));
		meta.enqueue(new MockResponse().setResponseCode(503));
		meta.enqueue(accepted("wamid.sent-after-retries"));
		jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE direction = 'out'").update();

		var response = agent.send("POST", "/api/whatsapp/send-message/",
				Map.of("lead_id", lead, "type", "text", "text", "Yes! Departures in July and August."), null);
		assertThat(response.status()).as(response.text()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		// Backoff would wait seconds; make the retries due now to keep the test fast.
		Eventually.await(() -> {
			jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE id = ? AND status = 'queued'").param(id).update();
			return "accepted".equals(jdbc.sql("SELECT status FROM whatsapp_message WHERE id = ?").param(id)
				.query(String.class).single());
		}, "the send to succeed");

		JsonNode sent = awaitStatus(agent, lead, id, "accepted");
		assertThat(sent.get("wamid").asString()).isEqualTo("wamid.sent-after-retries");
		RecordedRequest first = meta.takeRequest(1, TimeUnit.SECONDS);
		assertThat(first.getPath()).isEqualTo("/v25.0/105000000000002/messages");
		assertThat(first.getHeader("Authorization")).isEqualTo("Bearer test-access-token");
		JsonNode body = ApiClient.json().readTree(first.getBody().readUtf8());
		assertThat(body.get("to").asString()).isEqualTo("+15550101001");
		assertThat(body.get("text").get("body").asString()).isEqualTo("Yes! Departures in July and August.");
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(meta.takeRequest(300, TimeUnit.MILLISECONDS)).as("delivered once").isNull();
		assertThat(jdbc.sql("SELECT attempts FROM whatsapp_message WHERE id = ?").param(id).query(Integer.class).single())
			.isEqualTo(3);
	}

	@Test
	void aFreeFormMessageOutsideTheWindowIsRefusedWithoutCallingMeta() throws InterruptedException {
		long lead = admin().post("/api/leads/", Map.of("name", "Silent Sid", "phone", "+1 555 010 2002", "source",
				"whatsapp")).json().get("id").asLong();
		jdbc.sql("UPDATE lead SET wa_id = '15550102002' WHERE id = ?").param(lead).update();

		var refused = admin().post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "Hi!"));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("title").asString()).isEqualTo("Template needed");
		assertThat(refused.json().get("detail").asString()).contains("template");
		assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE lead_id = ?").param(lead).query(Long.class)
			.single()).isZero();
		assertThat(meta.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aPermanentErrorFailsAtOnceWithMetasCodeAndAnExplanation() {
		long lead = customerWrote("15550101003", "Template Tom");
		jdbc.sql("INSERT INTO whatsapp_template (name, language, status, category, parameter_format, components) VALUES "
				+ "('trip_follow_up', 'en_US', 'APPROVED', 'UTILITY', 'POSITIONAL', "
				+ "'[{\"type\":\"BODY\",\"text\":\"Hi {{1}}, still thinking about {{2}}?\"}]') ON CONFLICT DO NOTHING")
			.update();
		meta.enqueue(new MockResponse().setResponseCode(404).setBody(
				"{\"error\":{\"message\":\"(#132001) Template name does not exist in the translation\",\"type\":\"OAuthException\","
						+ "\"code\":132001,\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"template name does not exist\"}}}"));

		var queued = admin().post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "template", "template",
				Map.of("name", "trip_follow_up", "language", "en_US", "parameters", java.util.List.of("Tom", "Peru"))));
		assertThat(queued.status()).as(queued.text()).isEqualTo(202);

		JsonNode failed = awaitStatus(admin(), lead, queued.json().get("id").asLong(), "failed");
		assertThat(failed.get("error_code").asInt()).isEqualTo(132001);
		assertThat(failed.get("error_detail").asString()).contains("template");
		var wrongCount = admin().post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "template",
				"template", Map.of("name", "trip_follow_up", "parameters", java.util.List.of("Tom"))));
		assertThat(wrongCount.status()).isEqualTo(400);
		assertThat(wrongCount.json().get("errors").findValuesAsString("field")).containsExactly("template.parameters");
	}

	@Test
	void aSendThatCannotReachMetaTellsTheAgentSoInWordsWithoutTheTechnicalDetail() {
		long lead = customerWrote("15550101009", "Offline Olga");
		meta.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
		ApiClient agent = admin();

		long id = agent.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "Still there?"))
			.json().get("id").asLong();
		Eventually.await(() -> jdbc.sql("SELECT error_detail IS NOT NULL FROM whatsapp_message WHERE id = ?").param(id)
			.query(Boolean.class).single(), "the failed try to be recorded");

		JsonNode retrying = awaitStatus(agent, lead, id, "queued");
		assertThat(retrying.get("error_detail").asString()).isEqualTo("WhatsApp could not be reached.");
		meta.enqueue(accepted("wamid.reached-at-last"));
		jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE id = ?").param(id).update();
		awaitStatus(agent, lead, id, "accepted");
	}

	/** Meta answered 200, so it has the message: sending it again would reach the customer twice. */
	@Test
	void anAnswerWithoutAReadableMessageIdIsNotSentAgain() throws InterruptedException {
		long lead = customerWrote("15550101005", "Cut Carla");
		meta.enqueue(accepted("wamid.cut-short").setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
		meta.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
			.setBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":"));
		ApiClient admin = admin();

		long first = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "One"))
			.json().get("id").asLong();
		long second = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "Two"))
			.json().get("id").asLong();

		for (long id : new long[] { first, second }) {
			JsonNode failed = awaitStatus(admin, lead, id, "failed");
			assertThat(failed.get("error_detail").asString()).contains("may have reached the customer");
			assertThat(jdbc.sql("SELECT attempts FROM whatsapp_message WHERE id = ?").param(id).query(Integer.class)
				.single()).as("message %d was not tried again", id).isEqualTo(1);
		}
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
	}

	/**
	 * Meta's pair rate limit (131056) allows one message every 6 s to a customer: after it, neither the refused
	 * message nor a newer one to that customer is sent for 6 s. The test knows when Meta answered only up to
	 * when it took the request, hence the half second of slack.
	 */
	@Test
	void afterThePairRateLimitNothingGoesToThatCustomerForSixSeconds() throws InterruptedException {
		long lead = customerWrote("15550101006", "Busy Bea");
		ApiClient admin = admin();
		meta.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json").setBody(
				"{\"error\":{\"message\":\"(#131056) (Business Account, Consumer Account) pair rate limit hit\","
						+ "\"type\":\"OAuthException\",\"code\":131056,\"error_data\":{\"messaging_product\":\"whatsapp\","
						+ "\"details\":\"Message failed to send because there were too many messages sent from this phone "
						+ "number to the same phone number in a short period of time.\"}}}"));
		meta.enqueue(accepted("wamid.pair-1"));
		meta.enqueue(accepted("wamid.pair-2"));

		long first = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "One"))
			.json().get("id").asLong();
		assertThat(meta.takeRequest(15, TimeUnit.SECONDS)).isNotNull();
		Instant refusedAt = Instant.now();
		Eventually.await(() -> Integer.valueOf(131056).equals(jdbc.sql("SELECT error_code FROM whatsapp_message WHERE id = ?")
			.param(first).query(Integer.class).optional().orElse(null)), "the pair rate limit to be recorded");
		long second = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "Two"))
			.json().get("id").asLong();

		for (int i = 0; i < 2; i++) {
			assertThat(meta.takeRequest(15, TimeUnit.SECONDS)).isNotNull();
			assertThat(Duration.between(refusedAt, Instant.now())).as("request %d after the 131056", i + 2)
				.isGreaterThanOrEqualTo(Duration.ofMillis(5500));
		}
		awaitStatus(admin, lead, first, "accepted");
		awaitStatus(admin, lead, second, "accepted");
	}

	@Test
	void anExpiredTokenFailsTheSendsAndTellsTheAdminsOnce() {
		long lead = customerWrote("15550101007", "Token Tina");
		ApiClient admin = admin();
		for (int i = 0; i < 2; i++) {
			meta.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json").setBody(
					"{\"error\":{\"message\":\"Error validating access token: Session has expired.\",\"type\":\"OAuthException\","
							+ "\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"AbC\"}}"));
		}

		for (String text : new String[] { "One", "Two" }) {
			long id = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", text))
				.json().get("id").asLong();
			JsonNode failed = awaitStatus(admin, lead, id, "failed");
			assertThat(failed.get("error_code").asInt()).isEqualTo(190);
			assertThat(failed.get("error_detail").asString()).contains("access token has expired");
		}

		JsonNode notification = awaitNotification(admin, "whatsapp_token_rejected");
		assertThat(notification.get("body").asString()).contains("An admin must set a new one");
		assertThat(admin.get("/api/notifications/").json().get("results").findValuesAsString("type"))
			.filteredOn("whatsapp_token_rejected"::equals).hasSize(1);
	}

	@Test
	void theSameIdempotencyKeySendsOnce() throws InterruptedException {
		long lead = customerWrote("15550101004", "Double Dora");
		meta.enqueue(accepted("wamid.once"));
		ApiClient admin = admin();
		Map<String, Object> body = Map.of("lead_id", lead, "type", "text", "text", "Only once please",
				"idempotency_key", "dora-1");

		var first = admin.post("/api/whatsapp/send-message/", body);
		var second = admin.post("/api/whatsapp/send-message/", body);

		assertThat(first.status()).isEqualTo(202);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		awaitStatus(admin, lead, first.json().get("id").asLong(), "accepted");
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(meta.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void theSameIdempotencyKeyForAnotherMessageIsRefusedAndSendsNothingMore() throws InterruptedException {
		long lead = customerWrote("15550101015", "Keyed Kai");
		meta.enqueue(accepted("wamid.keyed"));
		ApiClient admin = admin();

		var first = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text",
				"The Peru offer", "idempotency_key", "kai-1"));
		var other = admin.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text",
				"The Bali offer", "idempotency_key", "kai-1"));
		var retry = admin.post("/api/whatsapp/send-message/", Map.of("idempotency_key", "kai-1", "text", "The Peru offer",
				"type", "text", "lead_id", lead));

		assertThat(first.status()).isEqualTo(202);
		assertThat(other.status()).as(other.text()).isEqualTo(422);
		assertThat(other.json().get("type").asString()).isEqualTo("https://tripdesk.io/problems/idempotency-key-reused");
		assertThat(retry.status()).as("the same request again is answered as before").isEqualTo(200);
		assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE lead_id = ? AND direction = 'out'").param(lead)
			.query(Long.class).single()).isEqualTo(1);
		awaitStatus(admin, lead, first.json().get("id").asLong(), "accepted");
		assertThat(meta.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(meta.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
	}

	/** A notification of one status, as Meta posts it, echoing the callback data of the send. */
	private int metaReports(String wamid, String status, String recipient, String callbackData) {
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages",
				"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234",
				"phone_number_id":"105000000000002"},"statuses":[{"id":"%s","status":"%s","timestamp":"%d",
				"recipient_id":"%s","biz_opaque_callback_data":"%s"}]}}]}]}"""
			.formatted(wamid, status, Instant.now().getEpochSecond(), recipient, callbackData);
		return new WhatsAppCustomer(port, APP_SECRET, recipient, "Meta").post(body.getBytes(StandardCharsets.UTF_8));
	}

	/** What a node that died while sending leaves: a send claimed, its lease given, no wamid. */
	private long sendLeftBy(long lead, String key, String leaseEnds) {
		return jdbc.sql("""
				INSERT INTO whatsapp_message (lead_id, direction, type, body, content, status, status_rank, idempotency_key,
				                              by_person, attempts, next_attempt_at, locked_until, created_at)
				VALUES (?, 'out', 'text', 'Your quote', '{"text":{"body":"Your quote","preview_url":false}}', 'sending', 10,
				        ?, TRUE, 1, now(), now() + CAST(? AS interval), now()) RETURNING id""")
			.params(lead, key, leaseEnds).query(Long.class).single();
	}

	private String stored(long id, String column) {
		return jdbc.sql("SELECT " + column + "::text FROM whatsapp_message WHERE id = ?").param(id).query(String.class)
			.optional().orElse(null);
	}

	@Test
	void aStatusNamingASendWhoseNodeDiedAfterMetaTookItRecordsItAndItIsNeverSentAgain() throws InterruptedException {
		long lead = customerWrote("15550101016", "Crashed Cleo");
		long id = sendLeftBy(lead, "cleo-1", "-1 second");

		assertThat(metaReports("wamid.adopted", "sent", "15550101016", "tripdesk-message-" + id)).isEqualTo(200);

		Eventually.await(() -> "sent".equals(stored(id, "status")), "the send recorded from Meta's status");
		assertThat(stored(id, "wamid")).isEqualTo("wamid.adopted");
		assertThat(stored(id, "locked_until")).as("the lease released").isNull();
		assertThat(stored(id, "sent_at")).isNotNull();
		assertThat(jdbc.sql("SELECT last_outbound_at IS NOT NULL FROM lead WHERE id = ?").param(lead)
			.query(Boolean.class).single()).as("the lead's last outbound message").isTrue();
		// Whatever its times say, a message Meta has is never claimed again.
		jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() - interval '1 second', "
				+ "locked_until = now() - interval '1 second' WHERE id = ?").param(id).update();
		assertThat(meta.takeRequest(1500, TimeUnit.MILLISECONDS)).as("sent again").isNull();
		assertThat(stored(id, "status")).isEqualTo("sent");
	}

	@Test
	void aSendWhoseLeaseRanOutWaitsForMetasStatusBeforeItIsSentAgain() throws InterruptedException {
		long lead = customerWrote("15550101017", "Waiting Wim");
		long id = sendLeftBy(lead, "wim-1", "-1 second");

		Eventually.await(() -> "queued".equals(stored(id, "status")), "the abandoned send put back");
		assertThat(jdbc.sql("SELECT next_attempt_at > now() + interval '20 seconds' FROM whatsapp_message WHERE id = ?")
			.param(id).query(Boolean.class).single()).as("due after the wait for Meta's status").isTrue();
		assertThat(meta.takeRequest(500, TimeUnit.MILLISECONDS)).as("sent at once").isNull();

		metaReports("wamid.waited", "delivered", "15550101017", "tripdesk-message-" + id);
		Eventually.await(() -> "delivered".equals(stored(id, "status")), "the send recorded from Meta's status");
		assertThat(stored(id, "wamid")).isEqualTo("wamid.waited");
		assertThat(stored(id, "next_attempt_at")).isNull();
	}

	@Test
	void aStatusThatBeatsMetasAnswerToTheWorkerRecordsTheSendOnce() throws InterruptedException {
		long lead = customerWrote("15550101018", "Racing Rui");
		meta.enqueue(accepted("wamid.raced").setHeadersDelay(4, TimeUnit.SECONDS));

		var response = admin().post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text",
				"Here is your itinerary"));
		assertThat(response.status()).as(response.text()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		RecordedRequest send = meta.takeRequest(5, TimeUnit.SECONDS);
		Instant answered = Instant.now().plusSeconds(4);
		assertThat(send).as("the send").isNotNull();
		String callbackData = ApiClient.json().readTree(send.getBody().readUtf8()).get("biz_opaque_callback_data")
			.asString();
		assertThat(callbackData).isEqualTo("tripdesk-message-" + id);

		// Meta's status arrives while the worker still waits for Meta's answer.
		metaReports("wamid.raced", "sent", "15550101018", callbackData);
		Eventually.await(() -> "sent".equals(stored(id, "status")), Duration.ofSeconds(3),
				"the send recorded from Meta's status before Meta's answer");
		assertThat(stored(id, "locked_until")).as("the lease released").isNull();
		// Meta's answer, with the same wamid, reaches the worker then: only a second record would show it.
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), answered.plusSeconds(2)).toMillis()));

		assertThat(stored(id, "wamid")).isEqualTo("wamid.raced");
		assertThat(stored(id, "status")).isEqualTo("sent");
		Eventually.await(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
			.query(Long.class).single() == 0, "the events handled");
		assertThat(jdbc.sql("""
				SELECT count(*) FROM live_event WHERE type = 'message_status_changed'
				   AND payload ->> 'message_id' = ? AND payload ->> 'status' = 'accepted'""").param(String.valueOf(id))
			.query(Long.class).single()).as("accepted told once").isEqualTo(1);
		assertThat(meta.takeRequest(300, TimeUnit.MILLISECONDS)).as("sent again").isNull();
	}

	@Test
	void aStatusNamingAMessageItCannotBeForIsLeftAsAStatusOfAnUnknownMessage() {
		long lead = customerWrote("15550101019", "Forged Fay");
		long recorded = sendLeftBy(lead, "fay-1", "1 hour");
		jdbc.sql("UPDATE whatsapp_message SET wamid = 'wamid.fay-recorded', status = 'accepted', status_rank = 15, "
				+ "locked_until = NULL WHERE id = ?").param(recorded).update();
		long inbound = jdbc.sql("SELECT id FROM whatsapp_message WHERE lead_id = ? AND direction = 'in'").param(lead)
			.query(Long.class).single();
		String inboundWamid = stored(inbound, "wamid");
		long otherCustomer = sendLeftBy(lead, "fay-2", "1 hour");
		long garbled = sendLeftBy(lead, "fay-3", "1 hour");

		metaReports("wamid.forged-has-wamid", "sent", "15550101019", "tripdesk-message-" + recorded);
		metaReports("wamid.forged-inbound", "sent", "15550101019", "tripdesk-message-" + inbound);
		metaReports("wamid.forged-recipient", "sent", "15550109999", "tripdesk-message-" + otherCustomer);
		metaReports("wamid.forged-garbled", "sent", "15550101019", "tripdesk-message-" + garbled + "x");

		Eventually.await(() -> jdbc.sql("SELECT count(*) FROM webhook_inbox WHERE last_error LIKE '%wamid.forged-%' "
				+ "AND status = 'pending'").query(Long.class).single() == 4, "the statuses left for later, as unknown");
		assertThat(stored(recorded, "wamid")).isEqualTo("wamid.fay-recorded");
		assertThat(stored(recorded, "status")).isEqualTo("accepted");
		assertThat(stored(inbound, "wamid")).isEqualTo(inboundWamid);
		assertThat(stored(inbound, "status")).isEqualTo("received");
		for (long untouched : new long[] { otherCustomer, garbled }) {
			assertThat(stored(untouched, "wamid")).isNull();
			assertThat(stored(untouched, "status")).isEqualTo("sending");
		}
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE last_error LIKE '%wamid.forged-%'").update();
		jdbc.sql("UPDATE whatsapp_message SET status = 'failed', status_rank = 25, locked_until = NULL WHERE id IN (?, ?)")
			.params(otherCustomer, garbled).update();
	}

}
