package io.tripdesk.whatsapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@TestPropertySource(properties = "tripdesk.whatsapp.app-secret=" + WebhookIntegrationTests.APP_SECRET)
class WebhookIntegrationTests extends IntegrationTest {

	static final String APP_SECRET = "test_app_secret_not_real";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WhatsAppSettings settings;

	static byte[] fixture(String name) {
		try {
			return new ClassPathResource("whatsapp-fixtures/" + name).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int post(byte[] body, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/webhook/"))
			.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Hub-Signature-256", signature);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	int postSigned(String fixture) {
		byte[] body = fixture(fixture);
		return post(body, WebhookSignature.sign(body, APP_SECRET));
	}

	long count(String sql, Object... params) {
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	void awaitProcessed() {
		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE status <> 'processed'") == 0, "inbox processed");
	}

	@Test
	void theFixturesSignatureVectorsHold() {
		assertThat(WebhookSignature.sign(fixture("webhook-inbound-text.json"), APP_SECRET))
			.isEqualTo("sha256=3efa30ba19800db29eb142c8bf5e8365c7cb6bccf49df697a2824ce24067a968");
		assertThat(WebhookSignature.sign(fixture("webhook-inbound-reaction.json"), APP_SECRET))
			.isEqualTo("sha256=e46b4279914658437feb6819501e63da98a804cc436add511a8c0e945b30df05");
		assertThat(WebhookSignature.matches(fixture("webhook-inbound-reaction.json"),
				"sha256=E46B4279914658437FEB6819501E63DA98A804CC436ADD511A8C0E945B30DF05", APP_SECRET)).isTrue();
	}

	@Test
	void aBadOrMissingSignatureIsRefusedAndStoresNothing() {
		long before = count("SELECT count(*) FROM webhook_inbox");
		byte[] body = fixture("webhook-inbound-text.json");

		assertThat(post(body, null)).isEqualTo(401);
		assertThat(post(body, "sha256=" + "0".repeat(64))).isEqualTo(401);
		assertThat(post(body, WebhookSignature.sign(body, "another-secret"))).isEqualTo(401);
		byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Bali", "Peru").getBytes(StandardCharsets.UTF_8);
		assertThat(post(tampered, WebhookSignature.sign(body, APP_SECRET))).isEqualTo(401);

		assertThat(count("SELECT count(*) FROM webhook_inbox")).isEqualTo(before);
	}

	@Test
	void theHandshakeAnswersTheChallengeOnlyForTheVerifyToken() throws Exception {
		String token = settings.verifyToken();
		var ok = anonymous().getAccepting("/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token=" + token
				+ "&hub.challenge=1158201444", "*/*");
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.text()).isEqualTo("1158201444");
		assertThat(anonymous().getAccepting("/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token=wrong"
				+ "&hub.challenge=1", "*/*").status()).isEqualTo(403);
	}

	@Test
	void everyInboundFixtureIsStoredOnceOnTheRightLead() {
		String[] fixtures = { "webhook-inbound-text.json", "webhook-inbound-text-ctwa-referral.json",
				"webhook-inbound-image-caption.json", "webhook-inbound-audio-voice.json",
				"webhook-inbound-interactive-button-reply.json", "webhook-inbound-location.json",
				"webhook-inbound-template-quick-reply.json", "webhook-inbound-unsupported.json",
				"webhook-inbound-batch-two-messages.json", "webhook-inbound-reaction.json" };
		for (String fixture : fixtures) {
			assertThat(postSigned(fixture)).as(fixture).isEqualTo(200);
		}
		awaitProcessed();
		long messages = count("SELECT count(*) FROM whatsapp_message");
		long leads = count("SELECT count(*) FROM lead");

		for (String fixture : fixtures) {
			assertThat(postSigned(fixture)).isEqualTo(200);
		}
		awaitProcessed();

		assertThat(count("SELECT count(*) FROM whatsapp_message")).as("redelivery changes nothing").isEqualTo(messages);
		assertThat(count("SELECT count(*) FROM lead")).isEqualTo(leads);
		assertThat(count("SELECT count(*) FROM lead WHERE wa_id = '15550009876'")).as("Maria is one lead").isEqualTo(1);
		assertThat(count("SELECT count(*) FROM whatsapp_message m JOIN lead l ON l.id = m.lead_id "
				+ "WHERE l.name = 'Maria Lopez' AND m.type = 'text'")).as("text + batch of two").isEqualTo(3);
		assertThat(jdbc.sql("SELECT body FROM whatsapp_message WHERE type = 'image'").query(String.class).single())
			.isEqualTo("This is the hotel my friend recommended");
		assertThat(jdbc.sql("SELECT media_id FROM whatsapp_message WHERE type = 'audio'").query(String.class).single())
			.isEqualTo("1380000000000002");
		assertThat(jdbc.sql("SELECT content->>'voice' FROM whatsapp_message WHERE type = 'audio'").query(String.class).single())
			.isEqualTo("true");
		assertThat(jdbc.sql("SELECT body FROM whatsapp_message WHERE type = 'location'").query(String.class).single())
			.isEqualTo("Hotel Plaza Mayor");
		assertThat(jdbc.sql("SELECT body FROM whatsapp_message WHERE type = 'interactive'").query(String.class).single())
			.isEqualTo("Book a call");
		assertThat(jdbc.sql("SELECT context_wamid FROM whatsapp_message WHERE type = 'interactive'").query(String.class)
			.single()).isEqualTo("wamid.HBgLMTU1NTAwMDk4NzYVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDIA");
		assertThat(jdbc.sql("SELECT content->>'payload' FROM whatsapp_message WHERE type = 'button'").query(String.class)
			.single()).isEqualTo("lead_4711_yes");
		assertThat(jdbc.sql("SELECT body FROM whatsapp_message WHERE type = 'unsupported'").query(String.class).single())
			.contains("poll_creation");
		assertThat(jdbc.sql("SELECT body FROM whatsapp_message WHERE type = 'reaction'").query(String.class).single())
			.isEqualTo("\uD83D\uDC4D");
	}

	@Test
	void aClickToWhatsAppAdMakesAnAttributedLead() {
		postSigned("webhook-inbound-text-ctwa-referral.json");
		awaitProcessed();

		JsonNode lead = admin().get("/api/leads/?source=whatsapp_ad&search=Ana%20Souza").json().get("results").get(0);
		assertThat(lead.get("wa_user_id").asString()).isEqualTo("US.13000000000000000001");
		assertThat(lead.get("referral").get("source_id").asString()).isEqualTo("120200000000000001");
		assertThat(lead.get("referral").get("ctwa_clid").asString()).startsWith("ARAkLkA8");
		assertThat(lead.get("referral").get("headline").asString()).isEqualTo("Chat with us on WhatsApp");
		assertThat(lead.get("last_inbound_at").isNull()).isFalse();
		JsonNode timeline = admin().get("/api/leads/" + lead.get("id").asLong() + "/events/").json().get("results");
		assertThat(timeline.findValuesAsString("type")).contains("message_in", "created");
	}

	@Test
	void statusesNeverMoveBackwards() {
		long lead = admin().post("/api/leads/", java.util.Map.of("name", "Status Sam", "phone", "+1 555 010 5555",
				"source", "whatsapp")).json().get("id").asLong();
		jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, created_at) "
				+ "VALUES ('wamid.HBgLMTU1NTAwMDU1NTUVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDEA', ?, 'out', 'text', 'Hi', 'accepted', 15, now())")
			.param(lead).update();

		postSigned("webhook-status-read.json");
		postSigned("webhook-status-delivered.json");
		postSigned("webhook-status-sent.json");
		awaitProcessed();

		var row = jdbc.sql("SELECT status, read_at IS NOT NULL AS read, delivered_at IS NOT NULL AS delivered FROM "
				+ "whatsapp_message WHERE wamid = 'wamid.HBgLMTU1NTAwMDU1NTUVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDEA'")
			.query((rs, n) -> rs.getString("status") + "/" + rs.getBoolean("read") + "/" + rs.getBoolean("delivered"))
			.single();
		assertThat(row).isEqualTo("read/true/true");
	}

	@Test
	void aFailedStatusKeepsMetasCodeAndDetail() {
		long lead = admin().post("/api/leads/", java.util.Map.of("name", "Ken Failed", "phone", "+1 555 010 4322",
				"source", "whatsapp")).json().get("id").asLong();
		jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, created_at) "
				+ "VALUES ('wamid.HBgLMTU1NTAwMDQzMjEVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDMA', ?, 'out', 'text', 'Hi', 'accepted', 15, now())")
			.param(lead).update();

		postSigned("webhook-status-failed.json");
		awaitProcessed();

		var failed = jdbc.sql("SELECT status, error_code, error_detail FROM whatsapp_message WHERE wamid = "
				+ "'wamid.HBgLMTU1NTAwMDQzMjEVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDMA'")
			.query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3)).single();
		assertThat(failed).startsWith("failed/131047/Message failed to send because more than 24 hours");
	}

	@Test
	void aReactionShowsOnTheMessageItReactsToAndGoesWhenRemoved() {
		long lead = admin().post("/api/leads/", java.util.Map.of("name", "Reacting Rita", "phone", "+1 555 010 9877",
				"source", "whatsapp")).json().get("id").asLong();
		String target = "wamid.react-target-1";
		jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, created_at) "
				+ "VALUES (?, ?, 'out', 'text', 'Our offer', 'read', 40, now())").params(target, lead).update();
		String reaction = new String(fixture("webhook-inbound-reaction.json"), StandardCharsets.UTF_8)
			.replace("wamid.HBgLMTU1NTAwMDk4NzYVAgARGBIxQTJCM0M0RDVFNkY3QTgwMDIA", target)
			.replace("wamid.HBgLMTU1NTAwMDk4NzYVAgASGBQzRUIwNzc3Nzc3Nzc3Nzc3Nzc3NwA=", "wamid.reaction-add");
		byte[] added = reaction.getBytes(StandardCharsets.UTF_8);
		post(added, WebhookSignature.sign(added, APP_SECRET));
		awaitProcessed();
		assertThat(jdbc.sql("SELECT customer_reaction FROM whatsapp_message WHERE wamid = ?").param(target)
			.query(String.class).single()).isEqualTo("\uD83D\uDC4D");

		byte[] removed = reaction.replace("\"emoji\": \"\\ud83d\\udc4d\"", "\"emoji\": \"\"")
			.replace("wamid.reaction-add", "wamid.reaction-remove").getBytes(StandardCharsets.UTF_8);
		post(removed, WebhookSignature.sign(removed, APP_SECRET));
		awaitProcessed();
		assertThat(jdbc.sql("SELECT customer_reaction FROM whatsapp_message WHERE wamid = ?").param(target)
			.query(String.class).optional()).isEmpty();
	}

	@Test
	void aNotificationThatCannotBeProcessedStaysInTheInboxWithItsError() {
		byte[] garbage = "{\"entry\": [{\"changes\": [{\"value\": {\"statuses\": [{\"id\": \"wamid.unknown-yet\", \"status\": \"read\", \"timestamp\": \"%s\"}]}}]}]}"
			.formatted(Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8);

		assertThat(post(garbage, WebhookSignature.sign(garbage, APP_SECRET))).isEqualTo(200);

		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE last_error LIKE '%wamid.unknown-yet%'") == 1,
				"the failure to be recorded");
		assertThat(count("SELECT count(*) FROM webhook_inbox WHERE status IN ('pending', 'processing') "
				+ "AND last_error IS NOT NULL")).isEqualTo(1);
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE last_error LIKE '%wamid.unknown-yet%'").update();
	}

	@Test
	void signedButMalformedJsonIsAcknowledgedAndKeptAsDead() {
		byte[] broken = "{not json".getBytes(StandardCharsets.UTF_8);

		assertThat(post(broken, WebhookSignature.sign(broken, APP_SECRET))).isEqualTo(200);

		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE body = ? AND last_error IS NOT NULL", (Object) broken) == 1,
				"the failure to be recorded");
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE body = ?").param(broken).update();
	}

}
