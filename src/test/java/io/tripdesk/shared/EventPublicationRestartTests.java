package io.tripdesk.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.tripdesk.TripdeskApplication;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The event publication registry: an event whose listener did not complete (a crash, a bug, the
 * database gone) is kept with the transaction that published it, and delivered after a restart.
 */
class EventPublicationRestartTests {

	@Test
	void anEventWhoseListenerFailedIsDeliveredAfterTheNextStart() {
		String database = TestDatabase.newDatabase();
		FlakyListener.failing = true;
		long lead;
		try (ConfigurableApplicationContext first = start(database)) {
			ApiClient admin = new ApiClient(port(first)).login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
			lead = admin.post("/api/leads/", Map.of("name", "Survivor", "phone", "+1 617 555 0190", "source", "website"))
				.json().get("id").asLong();
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			awaitTrue(() -> FlakyListener.attempts.contains(lead) && incomplete(jdbc) > 0, "the listener failed");
			assertThat(FlakyListener.delivered).doesNotContain(lead);
		}

		FlakyListener.failing = false;
		try (ConfigurableApplicationContext restarted = start(database)) {
			JdbcClient jdbc = restarted.getBean(JdbcClient.class);
			awaitTrue(() -> FlakyListener.delivered.contains(lead) && incomplete(jdbc) == 0,
					"the event was delivered after the restart");
		}
	}

	private static long incomplete(JdbcClient jdbc) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class)
			.single();
	}

	private static ConfigurableApplicationContext start(String database) {
		return new SpringApplicationBuilder(TripdeskApplication.class, FlakyListener.class)
			.properties("server.port=0", "tripdesk.db.url=" + database, "tripdesk.db.user=postgres",
					"tripdesk.db.password=", "tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
					"tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static void awaitTrue(BooleanSupplier condition, String what) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (Instant.now().isBefore(deadline)) {
			if (condition.getAsBoolean()) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		fail("timed out waiting until " + what);
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
