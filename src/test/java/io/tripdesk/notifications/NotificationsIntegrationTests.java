package io.tripdesk.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import io.tripdesk.support.WhatsAppCustomer;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class NotificationsIntegrationTests extends IntegrationTest {

	@Autowired
	WhatsAppSettings settings;

	private static JsonNode awaitNotifications(ApiClient client, int atLeast) {
		Instant deadline = Instant.now().plusSeconds(5);
		while (Instant.now().isBefore(deadline)) {
			JsonNode page = client.get("/api/notifications/").json();
			// The results, not the count: a notification committed between the two queries shows in one only.
			if (page.get("results").size() >= atLeast) {
				return page;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return fail("fewer than " + atLeast + " notifications after 5 s");
	}

	@Test
	void aLeadAnAgentCreatesNotifiesTheAdminLive() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("notifier@test.local");
		try (LiveClient adminLive = LiveClient.connect(admin, null)) {
			adminLive.awaitType("hello");

			agent.post("/api/leads/", Map.of("name", "Bell Ringer", "phone", "+1 312 555 0150", "source", "website"));

			JsonNode live = adminLive.await(m -> m.path("type").asString("").equals("notification_created")
					&& m.get("notification").get("title").asString().equals("New lead: Bell Ringer"),
					Duration.ofSeconds(5));
			assertThat(live.get("unread_count").asLong()).isPositive();
		}
		JsonNode page = awaitNotifications(admin, 1);
		JsonNode notification = page.get("results").valueStream()
			.filter(n -> n.get("title").asString().equals("New lead: Bell Ringer")).findFirst().orElseThrow();
		assertThat(notification.get("link").asString()).startsWith("/leads/");
		assertThat(notification.get("is_read").asBoolean()).isFalse();
		assertThat(agent.get("/api/notifications/").json().get("results").findValuesAsString("title"))
			.doesNotContain("New lead: Bell Ringer");
	}

	@Test
	void notificationsAreMarkedReadOneByOneOrAllAtOnce() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("reader@test.local");
		agent.post("/api/leads/", Map.of("name", "Read One", "phone", "+1 312 555 0160", "source", "website"));
		agent.post("/api/leads/", Map.of("name", "Read Two", "phone", "+1 312 555 0161", "source", "website"));
		JsonNode page = awaitNotifications(admin, 2);
		long unread = admin.get("/api/notifications/unread-count/").json().get("unread_count").asLong();
		long first = page.get("results").get(0).get("id").asLong();

		JsonNode read = admin.post("/api/notifications/" + first + "/read/", null).json();
		assertThat(read.get("is_read").asBoolean()).isTrue();
		assertThat(admin.get("/api/notifications/unread-count/").json().get("unread_count").asLong())
			.isEqualTo(unread - 1);
		assertThat(admin.get("/api/notifications/").json().get("results").get(0).get("is_read").asBoolean())
			.as("unread first").isFalse();

		assertThat(admin.post("/api/notifications/read-all/", null).json().get("marked").asLong())
			.isEqualTo(unread - 1);
		assertThat(admin.get("/api/notifications/?unread=true").json().get("count").asLong()).isZero();
		assertThat(admin.get("/api/notifications/unread-count/").json().get("unread_count").asLong()).isZero();
		assertThat(agent.post("/api/notifications/" + first + "/read/", null).status()).isEqualTo(404);
	}

	@Test
	void assigningALeadNotifiesTheNewAssignee() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("assignee@test.local");
		long lead = admin.post("/api/leads/", Map.of("name", "Handed Over", "phone", "+1 312 555 0170", "source",
				"website")).json().get("id").asLong();

		admin.patch("/api/leads/" + lead + "/", Map.of("assigned_to", userId(agent)));

		JsonNode notification = awaitNotifications(agent, 1).get("results").get(0);
		assertThat(notification.get("title").asString()).isEqualTo("Lead assigned to you: Handed Over");
		assertThat(notification.get("lead_id").asLong()).isEqualTo(lead);
	}

	@Test
	void aChattyCustomerMakesOneNotificationForTheAssigneeThatCountsTheMessagesSinceItWasRead() {
		ApiClient agent = newAgent("chatty@test.local");
		WhatsAppCustomer customer = new WhatsAppCustomer(port, settings.appSecret(), "15550707070", "Chatty Carla");
		customer.writes("Hi!");
		long lead = awaitTitle(agent, "New message from Chatty Carla").get("lead_id").asLong();
		admin().patch("/api/leads/" + lead + "/", Map.of("assigned_to", userId(agent)));
		awaitTitle(agent, "Lead assigned to you: Chatty Carla");

		customer.writes("Are there seats in May?");
		awaitTitle(agent, "2 new messages from Chatty Carla");
		customer.writes("For two people");
		JsonNode notification = awaitTitle(agent, "3 new messages from Chatty Carla");
		assertThat(notification.get("body").asString()).isEqualTo("For two people");
		assertThat(notification.get("link").asString()).isEqualTo("/inbox/" + lead);
		long unread = agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong();

		agent.post("/api/notifications/" + notification.get("id").asLong() + "/read/", null);
		customer.writes("Hello again");
		JsonNode revived = awaitTitle(agent, "New message from Chatty Carla");
		assertThat(revived.get("id").asLong()).isEqualTo(notification.get("id").asLong());
		assertThat(revived.get("is_read").asBoolean()).isFalse();
		assertThat(agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong())
			.as("the read notification brought back counts once again").isEqualTo(unread);
		customer.writes("Still there?");
		awaitTitle(agent, "2 new messages from Chatty Carla");
		assertThat(agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong()).isEqualTo(unread);
		// The admins hear of the new lead too; waiting for it keeps it from landing in another test's counts.
		awaitTitle(admin(), "New lead: Chatty Carla");
	}

	@Test
	void anUnassignedLeadsMessagesTellEachAgentOnceUntilTheyHaveReadIt() {
		ApiClient agent = newAgent("waiting@test.local");
		WhatsAppCustomer customer = new WhatsAppCustomer(port, settings.appSecret(), "15550727272", "Waiting Wendy");
		String title = "New message from Waiting Wendy";
		customer.writes("Hello?");
		JsonNode first = awaitTitle(agent, title);
		long lead = first.get("lead_id").asLong();
		long unread = agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong();

		try (LiveClient live = LiveClient.connect(agent, null)) {
			live.awaitType("hello");
			customer.writes("Is anyone there?");
			live.await(message -> message.path("type").asString("").equals("message_received")
					&& message.path("lead_id").asLong() == lead, Duration.ofSeconds(5));
			assertThat(live.collect(Duration.ofSeconds(1))).as("no news for an agent who has not read the first")
				.noneMatch(message -> message.path("type").asString("").equals("notification_created"));
		}
		JsonNode still = awaitTitle(agent, title);
		assertThat(still.get("id").asLong()).isEqualTo(first.get("id").asLong());
		assertThat(still.get("body").asString()).isEqualTo("Hello?");
		assertThat(agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong()).isEqualTo(unread);

		agent.post("/api/notifications/" + first.get("id").asLong() + "/read/", null);
		customer.writes("Third try");
		Eventually.await(() -> {
			JsonNode back = awaitTitle(agent, title);
			return !back.get("is_read").asBoolean() && back.get("body").asString().equals("Third try");
		}, "the notification brought back by the next message");
		assertThat(agent.get("/api/notifications/unread-count/").json().get("unread_count").asLong()).isEqualTo(unread);

		ApiClient newcomer = newAgent("waiting-newcomer@test.local");
		customer.writes("Anyone new?");
		assertThat(awaitTitle(newcomer, title).get("body").asString()).as("an agent who joined since is told too")
			.isEqualTo("Anyone new?");
		awaitTitle(admin(), "New lead: Waiting Wendy");
	}

	@Test
	void aMessageOnAnUnassignedLeadTellsEachAgentOfTheirOwnNotificationThroughOneLiveEvent() {
		ApiClient first = newAgent("fanout-one@test.local");
		ApiClient second = newAgent("fanout-two@test.local");
		ApiClient admin = admin();
		WhatsAppCustomer customer = new WhatsAppCustomer(port, settings.appSecret(), "15550717171", "Fanout Fay");
		String title = "New message from Fanout Fay";
		Predicate<JsonNode> notified = message -> message.path("type").asString("").equals("notification_created")
				&& message.path("notification").path("title").asString("").equals(title);
		String before;
		JsonNode toFirst;
		JsonNode toSecond;
		try (LiveClient firstLive = LiveClient.connect(first, null); LiveClient secondLive = LiveClient.connect(second, null);
				LiveClient adminLive = LiveClient.connect(admin, null)) {
			before = firstLive.awaitType("hello").get("id").asString();
			secondLive.awaitType("hello");
			adminLive.awaitType("hello");

			customer.writes("Anyone there?");

			toFirst = firstLive.await(notified, Duration.ofSeconds(5));
			toSecond = secondLive.await(notified, Duration.ofSeconds(5));
			assertThat(adminLive.collect(Duration.ofMillis(500))).as("admins are not agents").noneMatch(notified);
		}
		assertThat(toFirst.get("id")).as("one live event for both").isEqualTo(toSecond.get("id"));
		assertThat(toFirst.get("notification").get("id").asLong()).as("each their own notification")
			.isEqualTo(awaitTitle(first, title).get("id").asLong())
			.isNotEqualTo(toSecond.get("notification").get("id").asLong());
		assertThat(toSecond.get("notification").get("id").asLong()).isEqualTo(awaitTitle(second, title).get("id").asLong());
		assertThat(toFirst.get("unread_count").asLong()).isPositive();
		assertThat(toSecond.get("unread_count").asLong()).isPositive();

		try (LiveClient caughtUp = LiveClient.connect(second, before)) {
			JsonNode replayed = caughtUp.await(notified, Duration.ofSeconds(5));
			assertThat(replayed).as("the catch-up sends the same message").isEqualTo(toSecond);
		}
		awaitTitle(admin, "New lead: Fanout Fay");
	}

	private static JsonNode awaitTitle(ApiClient client, String title) {
		Instant deadline = Instant.now().plusSeconds(5);
		while (Instant.now().isBefore(deadline)) {
			for (JsonNode notification : client.get("/api/notifications/").json().get("results")) {
				if (notification.get("title").asString().equals(title)) {
					return notification;
				}
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return fail("no notification titled '" + title + "' after 5 s");
	}

}
