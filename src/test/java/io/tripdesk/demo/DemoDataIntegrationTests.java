package io.tripdesk.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "tripdesk.demo=true")
class DemoDataIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	List<ApplicationRunner> runners;

	private long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	@Test
	void theDemoAgencyHasTripsLeadsAcrossSourcesAndStagesAndTimelines() {
		assertThat(count("SELECT count(*) FROM trip")).isEqualTo(12);
		assertThat(count("SELECT count(*) FROM lead")).isEqualTo(300);
		assertThat(jdbc.sql("SELECT DISTINCT source FROM lead").query(String.class).list())
			.contains("whatsapp", "whatsapp_ad", "instagram", "website", "referral");
		assertThat(jdbc.sql("SELECT DISTINCT stage FROM lead").query(String.class).list())
			.containsExactlyInAnyOrder("new", "contacted", "qualified", "proposal_sent", "negotiation", "won", "lost");
		assertThat(count("SELECT count(*) FROM lead WHERE created_at < now() - interval '91 days' OR created_at > now()"))
			.isZero();
		assertThat(count("SELECT count(*) FROM lead_event")).isGreaterThan(300);
		assertThat(count("SELECT count(*) FROM app_user WHERE role = 'AGENT'")).isEqualTo(4);
		assertThat(count("SELECT count(DISTINCT phone_e164) FROM lead")).isEqualTo(300);
		assertThat(count("SELECT count(*) FROM lead WHERE source = 'whatsapp_ad' AND referral IS NULL")).isZero();
	}

	@Test
	void theDashboardFiguresCoverTheDemoAgency() {
		JsonNode metrics = admin().get("/api/analytics/metrics/?from=" + java.time.LocalDate.now().minusDays(120) + "&to="
				+ java.time.LocalDate.now()).json();

		assertThat(metrics.get("new_leads").get("value").asLong()).isEqualTo(300);
		assertThat(admin().get("/api/analytics/verify/").json().get("differences").asLong()).isZero();
	}

	@Test
	void theDemoIsServedByTheApiLikeAnyData() {
		JsonNode page = admin().get("/api/leads/?stage=won&page_size=5").json();

		assertThat(page.get("count").asLong()).isPositive();
		assertThat(page.get("results").get(0).get("stage").asString()).isEqualTo("won");
		long lead = page.get("results").get(0).get("id").asLong();
		assertThat(admin().get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.contains("created", "stage_changed");
		Instant newest = Instant.parse(admin().get("/api/leads/").json().get("results").get(0).get("created_at").asString());
		assertThat(newest).isAfter(Instant.now().minus(3, ChronoUnit.DAYS));
	}

	@Test
	void runningItAgainDuplicatesNothing() throws Exception {
		long leads = count("SELECT count(*) FROM lead");
		ApplicationArguments none = new DefaultApplicationArguments();

		for (ApplicationRunner runner : runners) {
			runner.run(none);
		}

		assertThat(count("SELECT count(*) FROM lead")).isEqualTo(leads);
		assertThat(count("SELECT count(*) FROM trip")).isEqualTo(12);
		assertThat(count("SELECT count(*) FROM app_user WHERE role = 'AGENT'")).isEqualTo(4);
	}

}
