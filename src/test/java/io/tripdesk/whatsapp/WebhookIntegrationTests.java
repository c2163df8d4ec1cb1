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
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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

	/** What the application logs during the test. */
	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		logged.start();
		root().addAppender(logged);
	}

	@AfterEach
	void releaseLogs() {
		root().detachAppender(logged);
	}

	private List<String> errorsLogged() {
		synchronized (logged) {
			return logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
				.map(ILoggingEvent::getFormattedMessage).toList();
		}
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
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
	void aSignedNotificationIsAnsweredWithoutASessionOrCookies() throws Exception {
		byte[] body = fixture("webhook-status-sent.json");
		HttpResponse<Void> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/webhook/"))
					.header("Content-Type", "application/json").header("X-Hub-Signature-256", WebhookSignature.sign(body, APP_SECRET))
					.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.discarding());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).as("no session, no CSRF token for Meta").isEmpty();
		awaitProcessed();
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
	void signedButMalformedJsonIsAcknowledgedAndKeptAsDeadAtOnceAndShownOnTheStatusPage() {
		byte[] broken = "{not json".getBytes(StandardCharsets.UTF_8);

		assertThat(post(broken, WebhookSignature.sign(broken, APP_SECRET))).isEqualTo(200);

		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE body = ? AND status = 'dead'", (Object) broken) == 1,
				"the notification to be kept as dead");
		assertThat(jdbc.sql("SELECT attempts FROM webhook_inbox WHERE body = ?").param(broken).query(Integer.class).single())
			.as("a parse error is not retried").isEqualTo(1);
		assertThat(jdbc.sql("SELECT last_error FROM webhook_inbox WHERE body = ?").param(broken).query(String.class).single())
			.startsWith("Unprocessable: Not JSON");
		JsonNode webhooks = admin().get("/api/whatsapp/status/").json().get("webhooks");
		assertThat(webhooks.get("dead").asLong()).isPositive();
		assertThat(webhooks.get("last_error").asString()).contains("Not JSON");

		// Admins may give dead notifications another go (here it dies again: it is still not JSON).
		assertThat(newAgent("inbox.agent@test.local").post("/api/whatsapp/inbox/retry-dead/", null).status()).isEqualTo(403);
		assertThat(admin().post("/api/whatsapp/inbox/retry-dead/", null).json().get("requeued").asInt()).isPositive();
		Eventually.await(() -> jdbc.sql("SELECT status || '/' || attempts FROM webhook_inbox WHERE body = ?").param(broken)
			.query(String.class).single().equals("dead/1"), "the retried notification to die again");
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE body = ?").param(broken).update();
	}

	@Test
	void aSignedNotificationThatIsNotMetasEnvelopeIsKeptAsDead() {
		byte[] alien = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);

		assertThat(post(alien, WebhookSignature.sign(alien, APP_SECRET))).isEqualTo(200);

		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE body = ? AND status = 'dead' "
				+ "AND last_error LIKE '%no entry array%'", (Object) alien) == 1, "the notification to be kept as dead");
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE body = ?").param(alien).update();
	}

	@Test
	void everyFixtureWithABadSignatureStoresNothing() throws IOException {
		long before = count("SELECT count(*) FROM webhook_inbox");
		var resources = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
			.getResources("classpath:whatsapp-fixtures/webhook-*.json");
		assertThat(resources).hasSizeGreaterThanOrEqualTo(14);
		for (var resource : resources) {
			byte[] body = resource.getContentAsByteArray();
			assertThat(post(body, WebhookSignature.sign(body, "not-the-app-secret"))).as(resource.getFilename()).isEqualTo(401);
			assertThat(post(body, null)).as(resource.getFilename()).isEqualTo(401);
		}
		assertThat(count("SELECT count(*) FROM webhook_inbox")).isEqualTo(before);
	}

	static String notification(String value) {
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages",
				"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234",
				"phone_number_id":"105000000000002"},%s}}]}]}""".formatted(value);
	}

	int postSignedText(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return post(bytes, WebhookSignature.sign(bytes, APP_SECRET));
	}

	String stored(String wamid, String column) {
		return jdbc.sql("SELECT " + column + " FROM whatsapp_message WHERE wamid = ?").param(wamid).query(String.class)
			.single();
	}

	@Test
	void theOtherMessageTypesOfTheReferenceAreStoredWithTheirContent() {
		String now = String.valueOf(Instant.now().getEpochSecond());
		String body = notification("""
				"contacts":[{"profile":{"name":"Vera Types"},"wa_id":"15550107001"}],
				"messages":[
				 {"from":"15550107001","id":"wamid.types-video","timestamp":"%1$s","type":"video",
				  "video":{"id":"1380000000000101","mime_type":"video/mp4","sha256":"abc=","caption":"The beach"}},
				 {"from":"15550107001","id":"wamid.types-document","timestamp":"%1$s","type":"document",
				  "document":{"id":"1380000000000102","mime_type":"application/pdf","sha256":"abc=","filename":"passport.pdf"}},
				 {"from":"15550107001","id":"wamid.types-sticker","timestamp":"%1$s","type":"sticker",
				  "sticker":{"id":"1380000000000103","mime_type":"image/webp","sha256":"abc=","animated":false}},
				 {"from":"15550107001","id":"wamid.types-contacts","timestamp":"%1$s","type":"contacts",
				  "contacts":[{"name":{"formatted_name":"Ken Ito","first_name":"Ken"},"phones":[{"phone":"+1 555 000 4321","wa_id":"15550004321","type":"CELL"}]}]},
				 {"from":"15550107001","id":"wamid.types-list","timestamp":"%1$s","type":"interactive",
				  "context":{"from":"15550001234","id":"wamid.our-list"},
				  "interactive":{"type":"list_reply","list_reply":{"id":"peru","title":"Peru, 8 days","description":"From 1,990"}}},
				 {"from":"15550107001","id":"wamid.types-reply","timestamp":"%1$s","type":"text",
				  "context":{"from":"15550001234","id":"wamid.our-offer"},"text":{"body":"Is this still valid?"}},
				 {"from":"15550107001","id":"wamid.types-edit","timestamp":"%1$s","type":"edit",
				  "edit":{"original_message_id":"wamid.types-reply","message":{"type":"text","text":{"body":"Is it valid?"}}}}
				]""".formatted(now));

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(count("SELECT count(*) FROM lead WHERE wa_id = '15550107001'")).isEqualTo(1);
		assertThat(stored("wamid.types-video", "media_id")).isEqualTo("1380000000000101");
		assertThat(stored("wamid.types-video", "body")).isEqualTo("The beach");
		assertThat(stored("wamid.types-document", "media_mime_type")).isEqualTo("application/pdf");
		assertThat(stored("wamid.types-document", "content->>'filename'")).isEqualTo("passport.pdf");
		assertThat(stored("wamid.types-sticker", "type")).isEqualTo("sticker");
		assertThat(stored("wamid.types-sticker", "media_id")).isEqualTo("1380000000000103");
		assertThat(stored("wamid.types-contacts", "body")).isEqualTo("Shared contact: Ken Ito");
		assertThat(stored("wamid.types-contacts", "content->'contacts'->0->'phones'->0->>'wa_id'")).isEqualTo("15550004321");
		assertThat(stored("wamid.types-list", "body")).isEqualTo("Peru, 8 days");
		assertThat(stored("wamid.types-list", "content->'list_reply'->>'id'")).isEqualTo("peru");
		assertThat(stored("wamid.types-reply", "context_wamid")).isEqualTo("wamid.our-offer");
		assertThat(stored("wamid.types-edit", "type")).isEqualTo("edit");
		assertThat(stored("wamid.types-edit", "content->>'original_message_id'")).isEqualTo("wamid.types-reply");

		long lead = jdbc.sql("SELECT id FROM lead WHERE wa_id = '15550107001'").query(Long.class).single();
		JsonNode history = admin().get("/api/whatsapp/conversations/" + lead + "/messages/").json();
		assertThat(history.get("count").asInt()).isEqualTo(7);
		JsonNode conversation = admin().get("/api/whatsapp/conversations/" + lead + "/").json();
		assertThat(conversation.get("unread_count").asInt()).isEqualTo(7);
		assertThat(conversation.get("window").get("open").asBoolean()).isTrue();
	}

	@Test
	void aNulInATextOrAProfileNameIsLeftOutAndTheMessageStored() {
		String body = notification("""
				"contacts":[{"profile":{"name":"Nu\\u0000la Nul"},"wa_id":"15550108001"}],
				"messages":[{"from":"15550108001","id":"wamid.nul-text","timestamp":"%d","type":"text",
				 "text":{"body":"Hello\\u0000 there"}}]""".formatted(Instant.now().getEpochSecond()));

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(stored("wamid.nul-text", "body")).isEqualTo("Hello there");
		assertThat(stored("wamid.nul-text", "content->>'body'")).isEqualTo("Hello there");
		assertThat(jdbc.sql("SELECT name FROM lead WHERE wa_id = '15550108001'").query(String.class).single())
			.isEqualTo("Nula Nul");
	}

	@Test
	void aProfileNameOfAMegabyteIsCutShortAndTheMessageStored() {
		String body = notification("""
				"contacts":[{"profile":{"name":"%s"},"wa_id":"15550108002"}],
				"messages":[{"from":"15550108002","id":"wamid.long-name","timestamp":"%d","type":"text",
				 "text":{"body":"Hi"}}]""".formatted("Longname ".repeat(1024 * 1024 / 9), Instant.now().getEpochSecond()));

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(stored("wamid.long-name", "body")).isEqualTo("Hi");
		String name = jdbc.sql("SELECT name FROM lead WHERE wa_id = '15550108002'").query(String.class).single();
		assertThat(name).startsWith("Longname Longname").hasSizeLessThanOrEqualTo(256);
	}

	@Test
	void aBatchOfFiveWithOneNulInItIsStoredWhole() {
		long now = Instant.now().getEpochSecond();
		StringBuilder messages = new StringBuilder();
		for (int i = 1; i <= 5; i++) {
			messages.append(i > 1 ? "," : "").append("""
					{"from":"15550108003","id":"wamid.five-%d","timestamp":"%d","type":"text","text":{"body":"Part %d%s"}}"""
				.formatted(i, now + i, i, i == 3 ? "\\u0000" : ""));
		}
		String body = notification("""
				"contacts":[{"profile":{"name":"Five Fay"},"wa_id":"15550108003"}],"messages":[%s]""".formatted(messages));

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid LIKE 'wamid.five-%'")).isEqualTo(5);
		assertThat(stored("wamid.five-3", "body")).isEqualTo("Part 3");
	}

	@Test
	void aCustomerKnownOnlyByTheirBusinessScopedIdIsOneLead() {
		String first = notification("""
				"contacts":[{"profile":{"name":"Hidden Hana","username":"@hana"},"user_id":"US.13000000000000000777"}],
				"messages":[{"from_user_id":"US.13000000000000000777","id":"wamid.bsuid-1","timestamp":"%d","type":"text",
				 "text":{"body":"Hi, I saw your Bali offer"}}]""".formatted(Instant.now().getEpochSecond()));
		String second = notification("""
				"contacts":[{"profile":{"name":"Hidden Hana"},"user_id":"US.13000000000000000777"}],
				"messages":[{"from_user_id":"US.13000000000000000777","id":"wamid.bsuid-2","timestamp":"%d","type":"text",
				 "text":{"body":"Are there places left?"}}]""".formatted(Instant.now().getEpochSecond()));

		assertThat(postSignedText(first)).isEqualTo(200);
		awaitProcessed();
		assertThat(postSignedText(second)).isEqualTo(200);
		awaitProcessed();

		assertThat(count("SELECT count(*) FROM lead WHERE wa_user_id = 'US.13000000000000000777'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM lead WHERE wa_user_id = 'US.13000000000000000777' AND phone_e164 IS NULL "
				+ "AND wa_id IS NULL")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM whatsapp_message m JOIN lead l ON l.id = m.lead_id "
				+ "WHERE l.wa_user_id = 'US.13000000000000000777'")).isEqualTo(2);
	}

	@Test
	void aTemplateStatusPushedByMetaUpdatesThePicker() {
		jdbc.sql("INSERT INTO whatsapp_template (name, language, status, category, parameter_format, components) VALUES "
				+ "('spring_promo', 'en_US', 'APPROVED', 'MARKETING', 'POSITIONAL', '[]')").update();
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","time":1778580000,"changes":[{
				"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":594425479261596,
				"message_template_name":"spring_promo","message_template_language":"en_US","reason":"NONE"}}]}]}""";

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(jdbc.sql("SELECT status FROM whatsapp_template WHERE name = 'spring_promo'").query(String.class).single())
			.isEqualTo("PAUSED");
	}

	@Test
	void aProcessingFailureShowsInTheStatusPageUntilItSucceeds() {
		long lead = admin().post("/api/leads/", java.util.Map.of("name", "Late Lena", "phone", "+1 555 010 7777",
				"source", "whatsapp")).json().get("id").asLong();
		String wamid = "wamid.recorded-later";
		String body = notification("""
				"statuses":[{"id":"%s","status":"delivered","timestamp":"%d","recipient_id":"15550107777"}]"""
			.formatted(wamid, Instant.now().getEpochSecond()));

		assertThat(postSignedText(body)).isEqualTo(200);
		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE last_error LIKE ? AND status = 'pending'",
				"%" + wamid + "%") == 1, "the failure to be recorded");
		JsonNode webhooks = admin().get("/api/whatsapp/status/").json().get("webhooks");
		assertThat(webhooks.get("backlog").asLong()).isPositive();
		assertThat(webhooks.get("failing").asLong()).isPositive();

		// The send is recorded at last; the retried notification now applies.
		jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, created_at) "
				+ "VALUES (?, ?, 'out', 'text', 'Hi', 'accepted', 15, now())").params(wamid, lead).update();
		jdbc.sql("UPDATE webhook_inbox SET next_attempt_at = now() WHERE last_error LIKE ?").param("%" + wamid + "%").update();
		awaitProcessed();
		assertThat(stored(wamid, "status")).isEqualTo("delivered");
		assertThat(jdbc.sql("SELECT last_error FROM webhook_inbox WHERE body = ?").param((Object) body.getBytes(StandardCharsets.UTF_8))
			.query(String.class).optional()).isEmpty();
	}


	@Test
	void fieldsOfTheWrongShapeAreTakenAsAbsentAndEveryUsableMessageOfTheNotificationIsStored() {
		long lead = admin().post("/api/leads/", java.util.Map.of("name", "Shape Shirin", "phone", "+1 555 010 6001",
				"source", "whatsapp")).json().get("id").asLong();
		jdbc.sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, status_rank, created_at) "
				+ "VALUES ('wamid.shape-out', ?, 'out', 'text', 'Hi', 'accepted', 15, now())").param(lead).update();
		String body = notification("""
				"contacts":{"profile":{"name":"Not a list"},"wa_id":"15550106001"},
				"messages":[
				 {"from":"15550106001","id":"wamid.shape-good","timestamp":"%1$d","type":"text","text":{"body":"Fine"}},
				 {"from":"15550106001","id":{"a":"wamid.shape-id-object"},"timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 {"from":"15550106001","id":["wamid.shape-id-array"],"timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 {"from":"15550106001","id":4711,"timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 {"from":{"a":"15550106001"},"id":"wamid.shape-from-object","timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 {"from":["15550106001"],"id":"wamid.shape-from-array","timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 {"from":15550106001,"id":"wamid.shape-from-number","timestamp":"%1$d","type":"text","text":{"body":"x"}},
				 "not a message",
				 {"from":"15550106001","id":"wamid.shape-timestamp","timestamp":"abc","type":"text","text":{"body":"When?"}},
				 {"from":"15550106001","id":"wamid.shape-text","timestamp":{"t":1},"type":"text","text":"hi"},
				 {"from":"15550106001","id":"wamid.shape-type","timestamp":"%1$d","type":["text"],"context":["wamid.x"],
				  "referral":"an ad"},
				 {"from":"15550106001","id":"wamid.shape-document","timestamp":"%1$d","type":"document",
				  "document":{"id":{"m":1},"mime_type":["application/pdf"],"caption":{"c":1},"filename":7}},
				 {"from":"15550106001","id":"wamid.shape-contacts","timestamp":"%1$d","type":"contacts","contacts":{"name":"Ken"}}],
				"statuses":[{"id":{"a":"wamid.shape-out"},"status":"read","timestamp":"%1$d"},
				 {"id":"wamid.shape-out","status":["read"],"timestamp":"%1$d"}, "delivered", 7,
				 {"id":"wamid.shape-out","status":"failed","timestamp":{"t":1},
				  "errors":[{"code":"abc","title":{"t":1},"message":["m"],"error_data":"details"}]}],
				"errors":[{"code":"abc","title":["x"]}, "oops"]""".formatted(Instant.now().getEpochSecond()));

		assertThat(postSignedText(body)).isEqualTo(200);
		Eventually.await(() -> count("SELECT count(*) FROM webhook_inbox WHERE status IN ('pending', 'processing')") == 0,
				"the notification and its parts to be handled");

		assertThat(jdbc.sql("SELECT wamid FROM whatsapp_message WHERE wamid LIKE 'wamid.shape-%' AND direction = 'in' "
				+ "ORDER BY wamid").query(String.class).list())
			.containsExactly("wamid.shape-contacts", "wamid.shape-document", "wamid.shape-good", "wamid.shape-text",
					"wamid.shape-timestamp", "wamid.shape-type");
		assertThat(stored("wamid.shape-text", "coalesce(body, '')")).isEmpty();
		assertThat(stored("wamid.shape-type", "type")).isEqualTo("unknown");
		assertThat(stored("wamid.shape-document", "coalesce(media_id, '') || coalesce(media_mime_type, '') || coalesce(body, '')"))
			.isEmpty();
		assertThat(stored("wamid.shape-contacts", "body")).isEqualTo("Shared a contact");
		assertThat(stored("wamid.shape-out", "status || '/' || coalesce(error_code::text, '-')")).isEqualTo("failed/-");
		assertThat(count("SELECT count(*) FROM lead WHERE wa_id = '15550106001'")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT status || ': ' || last_error FROM webhook_inbox WHERE split_from IS NOT NULL "
				+ "AND status = 'dead' AND convert_from(body, 'UTF8') LIKE '%15550106001%'").query(String.class).list())
			.as("each message without a usable id or sender set aside alone, and not retried")
			.hasSize(7)
			.allSatisfy(aside -> assertThat(aside).startsWith("dead: Unprocessable: "));
		assertThat(errorsLogged()).as("bad input is no error").isEmpty();
		jdbc.sql("UPDATE webhook_inbox SET status = 'processed' WHERE status = 'dead'").update();
	}

	@Test
	void entriesAndChangesOfTheWrongShapeAreSkippedAndTheRestOfTheNotificationIsStored() {
		String body = """
				{"object":"whatsapp_business_account","entry":["x",7,null,{"changes":{"field":"messages"}},{"changes":"y"},
				 {"id":"1","changes":[["z"],{"field":"messages","value":"v"},
				  {"field":{"f":1},"value":{"messages":{"m":{"from":"15550106002","id":"wamid.shape-in-object","type":"text",
				   "text":{"body":"Not a list"}}},"statuses":{"id":"wamid.shape-status-object","status":"read"}}},
				  {"field":"messages","value":{"contacts":[{"profile":{"name":"Entry Emil"},"wa_id":"15550106002"}],
				   "messages":[{"from":"15550106002","id":"wamid.shape-entry-good","timestamp":"%d","type":"text",
				    "text":{"body":"Still here"}}]}}]}]}""".formatted(Instant.now().getEpochSecond());

		assertThat(postSignedText(body)).isEqualTo(200);
		awaitProcessed();

		assertThat(stored("wamid.shape-entry-good", "body")).isEqualTo("Still here");
		assertThat(jdbc.sql("SELECT name FROM lead WHERE wa_id = '15550106002'").query(String.class).single())
			.isEqualTo("Entry Emil");
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE wamid = 'wamid.shape-in-object'"))
			.as("messages that are not a list are none").isZero();
		assertThat(errorsLogged()).as("bad input is no error").isEmpty();
	}

}
