package io.tripdesk.whatsapp;

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

}
