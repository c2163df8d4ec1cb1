package io.tripdesk.leads.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.WhatsAppContact;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyWatchIntegrationTests extends IntegrationTest {

	@Autowired
	LeadManagement leads;

	@Autowired
	ReplyWatch watch;

	@Autowired
	JdbcClient jdbc;

	private void recordInbound(long lead, Instant at) {
		leads.recordInbound(Map.of(lead, at));
	}

	private long leadOf(String waId, String name) {
		return leads.resolveWhatsAppContacts(List.of(new WhatsAppContact(waId, null, null, name, null, Instant.now())))
			.get(0).lead().id();
	}

	@Test
	void aCustomerWaitingPastTheTargetAlertsTheAssigneeOnce() {
		ApiClient agent = newAgent("watcher@test.local");
		long lead = leadOf("15550007001", "Waiting Wanda");
		admin().patch("/api/leads/" + lead + "/", Map.of("assigned_to", userId(agent)));
		recordInbound(lead, Instant.now().minus(20, ChronoUnit.MINUTES));
		recordInbound(lead, Instant.now().minus(18, ChronoUnit.MINUTES));

		assertThat(watch.raiseDueAlerts()).isEqualTo(1);
		assertThat(watch.raiseDueAlerts()).isZero();

		JsonNode alert = awaitNotification(agent, "response_time_alert");
		assertThat(alert.get("title").asString()).isEqualTo("Waiting Wanda is waiting for a reply");
		assertThat(alert.get("lead_id").asLong()).isEqualTo(lead);
	}

	@Test
	void aPersonsReplyEndsTheWaitButATemplateDoesNot() {
		long lead = leadOf("15550007002", "Answered Anna");
		recordInbound(lead, Instant.now().minus(30, ChronoUnit.MINUTES));
		leads.recordOutbound(lead, Instant.now().minus(25, ChronoUnit.MINUTES), false);
		long afterTemplate = watch.raiseDueAlerts();

		long other = leadOf("15550007003", "Helped Hugo");
		recordInbound(other, Instant.now().minus(30, ChronoUnit.MINUTES));
		leads.recordOutbound(other, Instant.now().minus(29, ChronoUnit.MINUTES), true);

		assertThat(afterTemplate).isEqualTo(1);
		assertThat(watch.raiseDueAlerts()).isZero();
		assertThat(leads.get(other, CurrentUser.system()).lastOutboundAt()).isNotNull();
	}

	@Test
	void manyWaitsAreAllAlertedInOneRunABatchAtATime() {
		Instant since = Instant.now().minus(40, ChronoUnit.MINUTES);
		for (int i = 0; i < 120; i++) {
			long lead = leadOf("1555000" + (8000 + i), "Waiting crowd " + i);
			recordInbound(lead, since);
		}

		try {
			// The watch's own schedule may take some of them meanwhile: between the two, every wait once.
			watch.raiseDueAlerts();
			assertThat(watch.raiseDueAlerts()).isZero();
			assertThat(jdbc.sql("SELECT count(*) FROM lead WHERE name LIKE 'Waiting crowd %' AND reply_alerted_at IS NOT NULL")
				.query(Long.class).single()).isEqualTo(120);
			// Nobody has these leads, so everyone is alerted: a batch of up to 50 waits is one event, one transaction.
			Eventually.await(() -> jdbc.sql("SELECT count(*) FROM notification n JOIN app_user u ON u.id = n.user_id "
					+ "WHERE u.email = ? AND n.type = 'response_time_alert' AND n.title LIKE 'Waiting crowd %'")
				.param(ADMIN_EMAIL).query(Long.class).single() == 120, "every wait alerted to the admin");
			assertThat(jdbc.sql("SELECT count(DISTINCT xmin::text) FROM notification "
					+ "WHERE type = 'response_time_alert' AND title LIKE 'Waiting crowd %'").query(Long.class).single())
				.as("batches of alerts, not one transaction each").isLessThan(10);
		}
		finally {
			// The database is shared: a crowd still waiting would fill other tests' lists of waiting customers.
			jdbc.sql("UPDATE lead SET awaiting_reply_since = NULL WHERE name LIKE 'Waiting crowd %'").update();
		}
	}

}
