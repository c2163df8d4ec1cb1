package io.tripdesk.notifications;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import io.tripdesk.support.TestNodes;
import io.tripdesk.support.WhatsAppCustomer;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.databind.JsonNode;

import static io.tripdesk.support.LiveClient.about;
import static org.assertj.core.api.Assertions.assertThat;

class LiveFeedIntegrationTests extends IntegrationTest {

	@Value("${tripdesk.db.url}")
	String databaseUrl;

	@Autowired
	WhatsAppSettings settings;

	/** Where the other modules' listeners (analytics among them) run. */
	@Autowired
	@Qualifier("applicationTaskExecutor")
	ThreadPoolTaskExecutor moduleListeners;

	private long createLead(ApiClient client, String name, String phone, Long assignee) {
		var body = new java.util.HashMap<String, Object>(Map.of("name", name, "phone", phone, "source", "website"));
		if (assignee != null) {
			body.put("assigned_to", assignee);
		}
		var response = client.post("/api/leads/", body);
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	@Test
	void aSignedInDashboardSeesLeadChangesLive() {
		ApiClient admin = admin();
		try (LiveClient live = LiveClient.connect(admin, null)) {
			assertThat(live.awaitType("hello").get("id").asString()).matches("\\d+-\\d+");

			long lead = createLead(admin, "Live Lena", "+1 206 555 0110", null);
			JsonNode created = live.await(about("lead_created", lead), Duration.ofSeconds(5));
			assertThat(created.get("name").asString()).isEqualTo("Live Lena");
			assertThat(created.get("id").asString()).matches("\\d+-\\d+");
			assertThat(Instant.parse(created.get("at").asString())).isBetween(Instant.now().minusSeconds(60), Instant.now());

			admin.post("/api/leads/" + lead + "/change-stage/", Map.of("stage", "qualified"));
			JsonNode moved = live.await(about("lead_stage_changed", lead), Duration.ofSeconds(5));
			assertThat(moved.get("to_stage").asString()).isEqualTo("qualified");
		}
	}

	@Test
	void anUnauthenticatedSocketIsRefused() {
		Throwable refusal = LiveClient.refused(anonymous());

		assertThat(refusal).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) refusal).getResponse().statusCode()).isEqualTo(401);
	}

	@Test
	void anAgentHearsNothingAboutAnotherAgentsLead() {
		ApiClient admin = admin();
		ApiClient cara = newAgent("cara.live@test.local");
		ApiClient dan = newAgent("dan.live@test.local");
		try (LiveClient danLive = LiveClient.connect(dan, null)) {
			danLive.awaitType("hello");

			long carasLead = createLead(admin, "Cara's Client", "+1 206 555 0120", userId(cara));
			admin.post("/api/leads/" + carasLead + "/change-stage/", Map.of("stage", "contacted"));
			long openLead = createLead(admin, "Open Client", "+1 206 555 0121", null);

			danLive.await(about("lead_created", openLead), Duration.ofSeconds(5));
			List<JsonNode> rest = danLive.collect(Duration.ofMillis(700));
			assertThat(rest).noneMatch(message -> message.path("lead_id").asLong() == carasLead);
		}
	}

	@Test
	void aReconnectingClientGetsWhatItMissedOnceAndInOrder() {
		ApiClient admin = admin();
		long lead = createLead(admin, "Replay Rita", "+1 206 555 0130", null);
		String lastSeen;
		try (LiveClient live = LiveClient.connect(admin, null)) {
			lastSeen = live.awaitType("hello").get("id").asString();
		}

		for (String stage : List.of("contacted", "qualified", "proposal_sent")) {
			admin.post("/api/leads/" + lead + "/change-stage/", Map.of("stage", stage));
		}

		try (LiveClient again = LiveClient.connect(admin, lastSeen)) {
			List<JsonNode> received = again.collect(Duration.ofSeconds(2));
			List<String> stages = received.stream().filter(about("lead_stage_changed", lead))
				.map(message -> message.get("to_stage").asString()).toList();
			assertThat(stages).containsExactly("contacted", "qualified", "proposal_sent");
			List<String> ids = received.stream().filter(m -> !m.path("type").asString("").equals("hello"))
				.map(m -> m.get("id").asString()).toList();
			assertThat(ids).doesNotHaveDuplicates();
		}
	}

	@Test
	void liveMessagesDoNotWaitBehindTheOtherModulesListeners() {
		ApiClient admin = admin();
		CountDownLatch release = new CountDownLatch(1);
		try (LiveClient live = LiveClient.connect(admin, null)) {
			live.awaitType("hello");
			// As in a burst that leaves analytics thousands of events behind: every thread busy.
			for (int i = 0; i < moduleListeners.getMaxPoolSize(); i++) {
				moduleListeners.execute(() -> awaitQuietly(release));
			}

			new WhatsAppCustomer(port, settings.appSecret(), "15550505050", "Busy Bea").writes("Anyone there?");

			JsonNode received = live.await(message -> message.path("type").asString("").equals("message_received")
					&& message.path("lead_name").asString("").equals("Busy Bea"), Duration.ofSeconds(2));
			assertThat(received.get("preview").asString()).isEqualTo("Anyone there?");
		}
		finally {
			release.countDown();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aWebhookOnOneNodeReachesASocketOnAnotherWithinASecond() {
		try (ConfigurableApplicationContext secondNode = TestNodes.start(databaseUrl)) {
			int secondPort = TestNodes.port(secondNode);
			ApiClient onSecond = new ApiClient(secondPort).login(ADMIN_EMAIL, ADMIN_PASSWORD);
			try (LiveClient live = LiveClient.connect(onSecond, null)) {
				live.awaitType("hello");

				new WhatsAppCustomer(port, settings.appSecret(), "15550404040", "Node Nadia").writes("Hello from node one");

				JsonNode received = live.await(message -> message.path("type").asString("").equals("message_received")
						&& message.path("lead_name").asString("").equals("Node Nadia"), Duration.ofSeconds(1));
				assertThat(received.get("preview").asString()).isEqualTo("Hello from node one");

				long lead = createLead(admin(), "Two Nodes", "+1 206 555 0140", null);
				live.await(about("lead_created", lead), Duration.ofSeconds(1));
			}
		}
	}

}
