package io.tripdesk.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tripdesk.support.Eventually;
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

	private static final String TABLES = "trip, lead, lead_event, whatsapp_message, whatsapp_conversation, booking, task";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	List<ApplicationRunner> runners;

	private long count(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	@Test
	void theDemoAgencyHasTripsLeadsAcrossSourcesAndStagesAndTimelines() {
		assertThat(count("SELECT count(DISTINCT title) FROM trip")).isEqualTo(12);
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
		// A lead's trip departs after the lead wrote, and the trip's dates are the lead's.
		assertThat(count("""
				SELECT count(*) FROM lead l JOIN trip t ON t.id = l.trip_id
				 WHERE t.start_date <= l.created_at::date OR l.travel_start <> t.start_date OR l.travel_end <> t.end_date"""))
			.isZero();
	}

	@Test
	void confirmedBookingsHoldTheSeatsOfTheirTripsAndNeverMoreThanItHas() {
		assertThat(count("SELECT count(*) FROM booking WHERE status = 'confirmed'")).isPositive();
		assertThat(count("SELECT count(*) FROM trip WHERE seats_booked > 0")).isPositive();
		assertThat(count("""
				SELECT count(*) FROM trip t
				 WHERE t.seats_booked <> (SELECT coalesce(sum(travelers), 0) FROM booking b
				                           WHERE b.trip_id = t.id AND b.status = 'confirmed')"""))
			.isZero();
		assertThat(count("SELECT count(*) FROM trip WHERE seats_booked > capacity")).isZero();
		// Confirmed at the won time, by the lead's agent, for the trip's price, while the trip was still ahead.
		assertThat(count("""
				SELECT count(*) FROM booking b JOIN lead l ON l.id = b.lead_id JOIN trip t ON t.id = b.trip_id
				 WHERE b.status = 'confirmed' AND (l.stage <> 'won' OR l.trip_id <> b.trip_id
				       OR b.amount <> t.price * b.travelers OR b.travelers <> l.travelers OR b.currency <> t.currency
				       OR b.created_by IS DISTINCT FROM l.assigned_to OR b.confirmed_at <> l.stage_changed_at
				       OR b.confirmed_at::date >= t.start_date OR b.created_at > b.confirmed_at)"""))
			.isZero();
		assertThat(count("SELECT count(*) FROM booking WHERE status = 'pending'")).isPositive();
		assertThat(count("SELECT count(*) FROM booking b JOIN lead l ON l.id = b.lead_id JOIN trip t ON t.id = b.trip_id "
				+ "WHERE b.status = 'pending' AND (l.stage <> 'negotiation' OR b.confirmed_at IS NOT NULL "
				+ "OR t.start_date <= current_date OR l.trip_id <> b.trip_id)")).isZero();
		assertThat(count("SELECT count(*) FROM booking WHERE status = 'cancelled'")).isPositive();
		assertThat(count("SELECT count(*) FROM booking b JOIN lead l ON l.id = b.lead_id WHERE b.status = 'cancelled' "
				+ "AND (l.stage <> 'lost' OR b.cancelled_at <> l.stage_changed_at OR b.confirmed_at IS NOT NULL)")).isZero();
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'booking_cancelled'"))
			.isEqualTo(count("SELECT count(*) FROM booking WHERE status = 'cancelled'"));
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'booking_confirmed'"))
			.isEqualTo(count("SELECT count(*) FROM booking WHERE status = 'confirmed'"));
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'booking_created'"))
			.isEqualTo(count("SELECT count(*) FROM booking"));

		JsonNode trips = admin().get("/api/trips/?page_size=200").json();
		long seatsShown = 0;
		for (JsonNode trip : trips.get("results")) {
			seatsShown += trip.get("seats_booked").asLong();
		}
		assertThat(seatsShown).isEqualTo(count("SELECT sum(travelers) FROM booking WHERE status = 'confirmed'"));
	}

	@Test
	void whatsAppLeadsHaveConversationsBothWaysInTheInbox() {
		long whatsappLeads = count("SELECT count(*) FROM lead WHERE source IN ('whatsapp', 'whatsapp_ad')");
		JsonNode inbox = admin().get("/api/whatsapp/conversations/?page_size=5").json();
		assertThat(inbox.get("count").asLong()).isEqualTo(whatsappLeads);
		assertThat(count("SELECT count(DISTINCT lead_id) FROM whatsapp_message")).isEqualTo(whatsappLeads);
		assertThat(count("SELECT count(*) FROM whatsapp_conversation WHERE unread_count > 0")).isPositive();

		// A won lead that confirmed a booking (one won without a negotiation has none; which of them writes the
		// most depends on the day the demo is generated).
		long lead = jdbc.sql("""
				SELECT m.lead_id FROM whatsapp_message m JOIN lead l ON l.id = m.lead_id WHERE l.stage = 'won'
				   AND EXISTS (SELECT 1 FROM booking b WHERE b.lead_id = l.id AND b.status = 'confirmed')
				 GROUP BY m.lead_id ORDER BY count(*) DESC, m.lead_id LIMIT 1""").query(Long.class).single();
		JsonNode messages = admin().get("/api/whatsapp/conversations/" + lead + "/messages/?page_size=50").json();
		assertThat(messages.get("count").asLong())
			.isEqualTo(count("SELECT count(*) FROM whatsapp_message WHERE lead_id = " + lead)).isBetween(4L, 15L);
		assertThat(messages.get("results").findValuesAsString("direction")).contains("in", "out");
		assertThat(messages.get("results").findValuesAsString("status")).contains("received", "read");
		JsonNode conversation = admin().get("/api/whatsapp/conversations/" + lead + "/").json();
		assertThat(conversation.get("last_message_at").asString())
			.isEqualTo(messages.get("results").get(0).get("created_at").asString());
		assertThat(admin().get("/api/leads/" + lead + "/events/?page_size=100").json().get("results")
			.findValuesAsString("type")).contains("message_in", "message_out", "booking_confirmed");
	}

	@Test
	void messagesAreStoredAsTheLiveCodeStoresThem() {
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message WHERE direction = 'in'
				   AND (status <> 'received' OR status_rank <> 0 OR wamid NOT LIKE 'wamid.%' OR content->>'body' <> body
				        OR sent_by IS NOT NULL OR by_person)""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message WHERE direction = 'out'
				   AND (wamid IS NULL OR idempotency_key IS NULL OR sent_at IS NULL OR sent_at < created_at
				        OR (status, status_rank) NOT IN (('sent', 20), ('delivered', 30), ('read', 40))
				        OR (status = 'read') <> (read_at IS NOT NULL) OR (by_person AND sent_by IS NULL)
				        OR (type = 'text' AND content->'text'->>'body' <> body)
				        OR (type = 'template' AND content->'template'->>'name' <> body))""")).isZero();
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out' AND NOT by_person")).isPositive();
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE type = 'template'")).isPositive();
		// Free text only within 24 hours of the customer's last message.
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message m WHERE m.direction = 'out' AND m.type <> 'template'
				   AND m.created_at >= (SELECT max(i.created_at) FROM whatsapp_message i WHERE i.lead_id = m.lead_id
				                         AND i.direction = 'in' AND i.created_at <= m.created_at) + interval '24 hours'"""))
			.isZero();
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message m JOIN lead l ON l.id = m.lead_id
				 WHERE m.created_at < l.created_at OR m.created_at > now()""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM lead l JOIN (
				    SELECT lead_id, max(created_at) FILTER (WHERE direction = 'in') AS last_in,
				           max(sent_at) FILTER (WHERE direction = 'out') AS last_out,
				           min(sent_at) FILTER (WHERE direction = 'out' AND by_person) AS first_reply
				      FROM whatsapp_message GROUP BY lead_id) m ON m.lead_id = l.id
				 WHERE l.last_inbound_at IS DISTINCT FROM m.last_in OR l.last_outbound_at IS DISTINCT FROM m.last_out
				    OR l.first_response_at IS DISTINCT FROM m.first_reply""")).isZero();
		assertThat(count("""
				SELECT count(*) FROM whatsapp_conversation c JOIN lead l ON l.id = c.lead_id
				 WHERE c.assigned_to IS DISTINCT FROM l.assigned_to OR c.last_inbound_at IS DISTINCT FROM l.last_inbound_at
				    OR c.last_message_at <> (SELECT max(created_at) FROM whatsapp_message m WHERE m.lead_id = l.id)
				    OR c.last_inbound_wamid <> (SELECT wamid FROM whatsapp_message m WHERE m.lead_id = l.id
				                                 AND m.direction = 'in' ORDER BY created_at DESC LIMIT 1)""")).isZero();
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'message_in'"))
			.isEqualTo(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'in'"));
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'message_out'"))
			.isEqualTo(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out'"));
		// Answered within minutes to hours: the median first reply is under an hour.
		assertThat(count("""
				SELECT count(*) FROM lead WHERE first_response_at - created_at < interval '1 hour'""") * 2)
			.isGreaterThan(count("SELECT count(*) FROM lead WHERE first_response_at IS NOT NULL"));
	}

	@Test
	void agentsHaveFollowUpTasksDoneOpenAndOverdue() {
		JsonNode overdue = admin().get("/api/tasks/?overdue=true&page_size=5").json();
		assertThat(overdue.get("count").asLong()).isPositive();
		assertThat(overdue.get("results").get(0).get("is_overdue").asBoolean()).isTrue();
		assertThat(admin().get("/api/tasks/?status=done&page_size=5").json().get("count").asLong()).isPositive();
		assertThat(admin().get("/api/tasks/?due_after=" + LocalDate.now().plusDays(1) + "&status=open,in_progress")
			.json().get("count").asLong()).isPositive();
		assertThat(count("SELECT count(*) FROM task WHERE lead_id IS NULL")).isPositive();
		assertThat(count("SELECT count(DISTINCT priority) FROM task")).isEqualTo(4);
		assertThat(count("""
				SELECT count(*) FROM task t LEFT JOIN lead l ON l.id = t.lead_id
				 WHERE (t.status = 'done') <> (t.completed_at IS NOT NULL) OR t.completed_at < t.created_at
				    OR t.completed_at > now() OR t.created_at > now()
				    OR (t.lead_id IS NOT NULL AND t.assigned_to IS DISTINCT FROM l.assigned_to)
				    OR (t.lead_id IS NOT NULL AND t.lead_assigned_to IS DISTINCT FROM l.assigned_to)""")).isZero();
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'task_completed'"))
			.isEqualTo(count("SELECT count(*) FROM task WHERE status = 'done' AND lead_id IS NOT NULL"));
		assertThat(count("SELECT count(*) FROM lead_event WHERE type = 'task_created'"))
			.isEqualTo(count("SELECT count(*) FROM task WHERE lead_id IS NOT NULL"));
	}

	@Test
	void theDashboardFiguresCoverTheDemoAgency() {
		// The rollups are rebuilt from the generated data in the background after the start.
		Eventually.await(() -> count("SELECT count(*) FROM analytics_lead") == 300, "the analytics rebuild");
		JsonNode metrics = admin().get("/api/analytics/metrics/?from=" + LocalDate.now().minusDays(120) + "&to="
				+ LocalDate.now()).json();

		assertThat(metrics.get("new_leads").get("value").asLong()).isEqualTo(300);
		BigDecimal revenue = jdbc.sql("SELECT sum(amount) FROM booking WHERE status = 'confirmed'")
			.query(BigDecimal.class).single();
		assertThat(revenue).isPositive();
		assertThat(metrics.get("revenue").get("value").decimalValue()).isEqualByComparingTo(revenue);
		assertThat(metrics.get("messages_in").get("value").asLong())
			.isEqualTo(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'in'")).isPositive();
		assertThat(metrics.get("messages_out").get("value").asLong())
			.isEqualTo(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out'")).isPositive();
		assertThat(admin().get("/api/analytics/verify/").json().get("differences").asLong()).isZero();
	}

	@Test
	void theDemoIsServedByTheApiLikeAnyData() {
		JsonNode page = admin().get("/api/leads/?stage=won&page_size=5").json();

		assertThat(page.get("count").asLong()).isPositive();
		assertThat(page.get("results").get(0).get("stage").asString()).isEqualTo("won");
		long lead = page.get("results").get(0).get("id").asLong();
		// A whole story: the first page alone (newest first) may end before the lead was created.
		JsonNode timeline = admin().get("/api/leads/" + lead + "/events/?page_size=200").json();
		assertThat(timeline.get("next").isNull()).as("the story fits one page").isTrue();
		assertThat(timeline.get("results").findValuesAsString("type")).contains("created", "stage_changed");
		Instant newest = Instant.parse(admin().get("/api/leads/").json().get("results").get(0).get("created_at").asString());
		assertThat(newest).isAfter(Instant.now().minus(3, ChronoUnit.DAYS));
	}

	@Test
	void runningItAgainDuplicatesNothing() throws Exception {
		List<Long> before = counts();
		ApplicationArguments none = new DefaultApplicationArguments();

		for (ApplicationRunner runner : runners) {
			runner.run(none);
		}

		assertThat(counts()).isEqualTo(before);
		assertThat(count("SELECT count(*) FROM app_user WHERE role = 'AGENT'")).isEqualTo(4);
	}

	private List<Long> counts() {
		return java.util.Arrays.stream(TABLES.split(", ")).map(table -> count("SELECT count(*) FROM " + table)).toList();
	}

}
