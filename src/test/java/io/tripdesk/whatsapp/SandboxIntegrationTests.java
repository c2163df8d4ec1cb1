package io.tripdesk.whatsapp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The product offline, as a new user tries it: a customer writes in the simulator, the message arrives
 * as a new lead, the agent's reply goes out through the sandbox's Graph API and turns read.
 */
class SandboxIntegrationTests extends IntegrationTest {

	private static JsonNode awaitMessage(ApiClient client, long leadId, java.util.function.Predicate<JsonNode> match,
			String what) {
		Instant deadline = Instant.now().plusSeconds(15);
		while (Instant.now().isBefore(deadline)) {
			var response = client.get("/api/whatsapp/conversations/" + leadId + "/messages/");
			if (response.status() == 200) {
				for (JsonNode message : response.json().get("results")) {
					if (match.test(message)) {
						return message;
					}
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return fail("never saw " + what);
	}

	private static long awaitLead(ApiClient client, String phone) {
		Instant deadline = Instant.now().plusSeconds(10);
		while (Instant.now().isBefore(deadline)) {
			JsonNode results = client.get("/api/leads/?search=" + phone).json().get("results");
			if (!results.isEmpty()) {
				return results.get(0).get("id").asLong();
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return fail("no lead for " + phone);
	}

	@Test
	void aCustomerWritesAnAgentRepliesAndTheReplyIsRead() {
		ApiClient agent = admin();
		try (LiveClient live = LiveClient.connect(agent, null)) {
			live.awaitType("hello");
			var sent = agent.post("/api/whatsapp/sandbox/messages/",
					Map.of("phone", "+34 611 222 333", "name", "Lucia Sandbox", "text", "Hola! Is Japan in April possible?"));
			assertThat(sent.status()).as(sent.text()).isEqualTo(202);

			JsonNode received = live.await(m -> m.path("type").asString("").equals("message_received"), Duration.ofSeconds(5));
			assertThat(received.get("lead_name").asString()).isEqualTo("Lucia Sandbox");
			assertThat(received.get("lead_created").asBoolean()).isTrue();
			long lead = awaitLead(agent, "34611222333");
			JsonNode leadView = agent.get("/api/leads/" + lead + "/").json();
			assertThat(leadView.get("source").asString()).isEqualTo("whatsapp");
			assertThat(leadView.get("phone").asString()).isEqualTo("+34611222333");

			JsonNode conversation = agent.get("/api/whatsapp/conversations/" + lead + "/").json();
			assertThat(conversation.get("unread_count").asInt()).isEqualTo(1);
			assertThat(conversation.get("window").get("open").asBoolean()).isTrue();
			assertThat(agent.post("/api/whatsapp/conversations/" + lead + "/read/", null).json().get("unread_count").asInt())
				.isZero();

			var reply = agent.post("/api/whatsapp/send-message/",
					Map.of("lead_id", lead, "type", "text", "text", "Yes! Cherry blossom tour, 12 days."));
			assertThat(reply.status()).as(reply.text()).isEqualTo(202);
			long replyId = reply.json().get("id").asLong();

			JsonNode read = awaitMessage(agent, lead, m -> m.get("id").asLong() == replyId
					&& m.get("status").asString().equals("read"), "the reply read");
			assertThat(read.get("delivered_at").isNull()).isFalse();
			live.await(m -> m.path("type").asString("").equals("message_status_changed")
					&& m.path("status").asString("").equals("read"), Duration.ofSeconds(5));
			assertThat(agent.get("/api/leads/" + lead + "/").json().get("first_response_at").isNull()).isFalse();
		}
	}

	@Test
	void aFreeFormSendToACustomerWhoNeverWroteFailsUpFrontAndATemplateGoesThrough() {
		ApiClient agent = admin();
		long lead = agent.post("/api/leads/", Map.of("name", "Cold Carl", "phone", "+44 7700 900123", "source", "phone"))
			.json().get("id").asLong();

		assertThat(agent.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "text", "text", "Hi"))
			.status()).isEqualTo(422);

		Instant deadline = Instant.now().plusSeconds(10);
		while (agent.get("/api/whatsapp/templates/").json().findValuesAsString("name").isEmpty()
				&& Instant.now().isBefore(deadline)) {
			agent.post("/api/whatsapp/templates/sync/", null);
		}
		JsonNode templates = agent.get("/api/whatsapp/templates/").json();
		assertThat(templates.findValuesAsString("name")).contains("trip_follow_up", "summer_sale");
		var template = agent.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "template", "template",
				Map.of("name", "trip_follow_up", "language", "en_US", "parameters", java.util.List.of("Carl", "Iceland"))));
		assertThat(template.status()).as(template.text()).isEqualTo(202);
		awaitMessage(agent, lead, m -> m.get("type").asString().equals("template")
				&& m.get("status").asString().equals("read"), "the template read");
		assertThat(agent.post("/api/whatsapp/send-message/", Map.of("lead_id", lead, "type", "template", "template",
				Map.of("name", "summer_sale", "parameters", java.util.List.of("20%")))).status()).isEqualTo(400);
	}

	@Test
	void theStatusPageShowsTheSandboxHealthy() {
		JsonNode status = admin().get("/api/whatsapp/status/").json();

		assertThat(status.get("mode").asString()).isEqualTo("sandbox");
		assertThat(status.get("phone").get("fields").get("status").asString()).isEqualTo("CONNECTED");
		assertThat(status.get("sending").get("circuit").asString()).isEqualTo("CLOSED");
		assertThat(status.get("settings").get("verify_token").asString()).hasSizeGreaterThan(20);
		ApiClient agent = newAgent("status.agent@test.local");
		assertThat(agent.get("/api/whatsapp/status/").json().get("settings").isNull()).isTrue();
	}

	@Test
	void aCustomersPhotoIsServedToTheDashboard() {
		ApiClient agent = admin();
		agent.post("/api/whatsapp/sandbox/messages/", Map.of("phone", "+49 1512 3456789", "name", "Photo Paul",
				"type", "image", "text", "Our hotel view"));
		long lead = awaitLead(agent, "4915123456789");
		JsonNode photo = awaitMessage(agent, lead, m -> m.get("type").asString().equals("image"), "the photo");
		assertThat(photo.get("body").asString()).isEqualTo("Our hotel view");

		var media = agent.getAccepting("/api/whatsapp/media/" + photo.get("media_id").asString() + "/", "*/*");
		assertThat(media.status()).isEqualTo(200);
		assertThat(media.contentType()).isEqualTo("image/png");
		assertThat(anonymous().getAccepting("/api/whatsapp/media/" + photo.get("media_id").asString() + "/", "*/*").status())
			.isEqualTo(401);
		assertThat(newAgent("media.other@test.local").getAccepting("/api/whatsapp/media/"
				+ photo.get("media_id").asString() + "/", "*/*").status()).isEqualTo(200);
	}

	@Test
	void theSandboxsGraphApiWantsItsToken() {
		var refused = anonymous().withToken("not-the-sandbox-token")
			.post("/sandbox/graph/v25.0/105000000000002/messages", Map.of("messaging_product", "whatsapp"));

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(190);
	}

	@Test
	void anAgentUploadsAFileAsMultipartFormData() {
		var uploaded = upload(admin(), "file", "quote.pdf", "application/pdf",
				"%PDF-1.4 a quote".getBytes(StandardCharsets.UTF_8));

		assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
		assertThat(uploaded.json().get("id").asString()).isNotBlank();
		JsonNode upload = anonymous().get("/v3/api-docs").json().get("paths").get("/api/whatsapp/media").get("post");
		assertThat(upload.get("requestBody").get("content").get("multipart/form-data").get("schema").get("properties")
			.has("file")).as("documented as multipart with its file part").isTrue();
	}

	@Test
	void anUploadThatIsNotAFileOfTheRightSizeIsAProblemNotAnError() {
		ApiClient agent = admin();

		var json = agent.post("/api/whatsapp/media/", Map.of("file", "quote.pdf"));
		assertThat(json.status()).as(json.text()).isEqualTo(415);
		assertThat(json.contentType()).startsWith("application/problem+json");
		assertThat(fieldOf(upload(agent, "document", "quote.pdf", "application/pdf", new byte[] { 1 })))
			.as("no file part").isEqualTo("file");
		assertThat(fieldOf(upload(agent, "file", "empty.pdf", "application/pdf", new byte[0]))).as("an empty file")
			.isEqualTo("file");
		var nulInName = upload(agent, "file", "quo\0te.pdf", "application/pdf", new byte[] { 1 });
		assertThat(nulInName.status()).as("a NUL in its name: %s", nulInName.text()).isEqualTo(400);
		assertThat(nulInName.json().get("type").asString()).isEqualTo("https://tripdesk.io/problems/malformed-body");
		assertThat(fieldOf(upload(agent, "file", "quo\1te.pdf", "application/pdf", new byte[] { 1 })))
			.as("a control character in its name").isEqualTo("file");
		var tooLarge = upload(agent, "file", "film.mp4", "video/mp4", new byte[16 * 1024 * 1024 + 1]);
		assertThat(tooLarge.status()).as(tooLarge.text()).isEqualTo(413);
		assertThat(tooLarge.contentType()).startsWith("application/problem+json");
	}

	private static final String BOUNDARY = "tripdesk-test-boundary";

	private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

	private static ApiClient.ApiResponse upload(ApiClient client, String part, String filename, String type,
			byte[] content) {
		return client.postBytes("/api/whatsapp/media/", multipart(part, filename, type, content),
				Map.of("Content-Type", MULTIPART));
	}

	private static byte[] multipart(String part, String filename, String type, byte[] content) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private static String fieldOf(ApiClient.ApiResponse problem) {
		assertThat(problem.status()).as(problem.text()).isEqualTo(400);
		return problem.json().get("errors").get(0).get("field").asString();
	}

}
