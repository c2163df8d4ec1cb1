package io.tripdesk.shared;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tripdesk.leads.LeadCreated;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.TestDatabase;
import io.tripdesk.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event publication registry: an event whose listener did not complete (a crash, a bug, the
 * database gone) is kept with the transaction that published it, and delivered again: after a restart,
 * and without one once the listener failed.
 */
class EventPublicationRestartTests {

	@Test
	void anEventWhoseListenerFailedIsDeliveredAfterTheNextStart() {
		String database = TestDatabase.newDatabase();
		FlakyListener.failing = true;
		long lead;
		try (ConfigurableApplicationContext first = TestNodes.start(database, FlakyListener.class)) {
			ApiClient admin = new ApiClient(TestNodes.port(first)).login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
			lead = admin.post("/api/leads/", Map.of("name", "Survivor", "phone", "+1 617 555 0190", "source", "website"))
				.json().get("id").asLong();
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			Eventually.await(() -> FlakyListener.attempts.contains(lead) && incomplete(jdbc) > 0, "the listener failed");
			assertThat(FlakyListener.delivered).doesNotContain(lead);
		}

		FlakyListener.failing = false;
		try (ConfigurableApplicationContext restarted = TestNodes.start(database, FlakyListener.class)) {
			JdbcClient jdbc = restarted.getBean(JdbcClient.class);
			Eventually.await(() -> FlakyListener.delivered.contains(lead) && incomplete(jdbc) == 0,
					"the event was delivered after the restart");
		}
	}

	@Test
	void anEventWhoseListenerFailedIsDeliveredAgainWithoutARestart() {
		FlakyListener.failing = true;
		try (ConfigurableApplicationContext node = TestNodes.start(TestDatabase.newDatabase(),
				new String[] { "tripdesk.events.retry-failed-every=500ms" }, FlakyListener.class)) {
			ApiClient admin = new ApiClient(TestNodes.port(node)).login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
			long lead = admin.post("/api/leads/", Map.of("name", "Retried", "phone", "+1 617 555 0191", "source", "website"))
				.json().get("id").asLong();
			JdbcClient jdbc = node.getBean(JdbcClient.class);
			Eventually.await(() -> FlakyListener.attempts.contains(lead) && incomplete(jdbc) > 0, "the listener failed");

			FlakyListener.failing = false;
			Eventually.await(() -> FlakyListener.delivered.contains(lead) && incomplete(jdbc) == 0,
					"the failed event delivered again, on the same node");
		}
	}

	private static long incomplete(JdbcClient jdbc) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class)
			.single();
	}

	/** Stands for any module's listener that fails: a bug, or the node dying mid-way. */
	static class FlakyListener {

		static volatile boolean failing;

		static final Set<Long> attempts = ConcurrentHashMap.newKeySet();

		static final Set<Long> delivered = ConcurrentHashMap.newKeySet();

		@ApplicationModuleListener
		void on(LeadCreated event) {
			attempts.add(event.leadId());
			if (failing) {
				throw new IllegalStateException("Simulated failure for lead " + event.leadId());
			}
			delivered.add(event.leadId());
		}

	}

}
