package io.tripdesk.whatsapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.WhatsAppCustomer;
import io.tripdesk.whatsapp.internal.sending.SendWorker;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta down for a while: the circuit breaker stops the worker from hammering it, the queued messages
 * wait (none is failed for it), and once Meta answers again the queue drains, each message sent once.
 */
class CircuitBreakerIntegrationTests extends IntegrationTest {

	static final String APP_SECRET = "circuit-test-secret";

	static final MockWebServer meta = new MockWebServer();

	static final AtomicBoolean down = new AtomicBoolean(true);

	static final AtomicInteger sendCalls = new AtomicInteger();

	/** The message ids (our biz_opaque_callback_data) Meta accepted, with how often. */
	static final Map<String, Integer> accepted = new ConcurrentHashMap<>();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SendWorker worker;

	@DynamicPropertySource
	static void metaIsTheMockServer(DynamicPropertyRegistry registry) throws IOException {
		meta.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (!request.getPath().endsWith("/messages")) {
					return new MockResponse().setResponseCode(404).setBody("{\"error\":{\"code\":100,\"message\":\"no\"}}");
				}
				sendCalls.incrementAndGet();
				if (down.get()) {
					return new MockResponse().setResponseCode(503)
						.setBody("{\"error\":{\"code\":2,\"message\":\"Service temporarily unavailable\"}}");
				}
				JsonNode body = ApiClient.json().readTree(request.getBody().readUtf8());
				String ours = body.path("biz_opaque_callback_data").asString("");
				accepted.merge(ours, 1, Integer::sum);
				return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
					.setBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.cb-" + ours + "\"}]}");
			}

		});
		meta.start();
		registry.add("tripdesk.whatsapp.graph-base-url", () -> meta.url("/").toString());
		registry.add("tripdesk.whatsapp.access-token", () -> "test-access-token");
		registry.add("tripdesk.whatsapp.app-secret", () -> APP_SECRET);
		registry.add("tripdesk.whatsapp.circuit-open-duration", () -> "3s");
	}

	@AfterAll
	static void stopMeta() throws IOException {
		meta.shutdown();
	}

	@Test
	void whenMetaIsDownTheBreakerOpensAndTheQueueDrainsOnceItRecovers() throws InterruptedException {
		new WhatsAppCustomer(port, APP_SECRET, "15550108001", "Patient Pia").writes("Any news about my booking?");
		Eventually.await(() -> jdbc.sql("SELECT count(*) FROM whatsapp_conversation c JOIN lead l ON l.id = c.lead_id "
				+ "WHERE l.wa_id = '15550108001'").query(Long.class).single() == 1, "the customer's conversation");
		long lead = jdbc.sql("SELECT id FROM lead WHERE wa_id = '15550108001'").query(Long.class).single();
		ApiClient agent = admin();

		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			var response = agent.post("/api/whatsapp/send-message/",
					Map.of("lead_id", lead, "type", "text", "text", "Update " + i));
			assertThat(response.status()).as(response.text()).isEqualTo(202);
			ids.add(response.json().get("id").asLong());
		}
		// Backoff would space the retries by seconds: make them due at once, so the failures pile up fast.
		Eventually.await(() -> {
			jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE status = 'queued'").update();
			return worker.circuitState() == CircuitBreaker.State.OPEN;
		}, "the circuit to open");

		Thread.sleep(200); // a call permitted just before the circuit opened may still be on its way
		int callsWhenOpened = sendCalls.get();
		assertThat(agent.get("/api/whatsapp/status/").json().get("sending").get("circuit").asString()).isEqualTo("OPEN");
		jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE status = 'queued'").update();
		Thread.sleep(1300); // still well inside the 3 s the circuit stays open: the queue is looked at, Meta is not called
		assertThat(sendCalls.get()).as("no call to Meta while the circuit is open").isEqualTo(callsWhenOpened);
		assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE id IN (:ids) AND status = 'failed'")
			.param("ids", ids).query(Long.class).single()).as("waiting is not failing").isZero();

		down.set(false);
		Eventually.await(() -> {
			jdbc.sql("UPDATE whatsapp_message SET next_attempt_at = now() WHERE status = 'queued'").update();
			return jdbc.sql("SELECT count(*) FROM whatsapp_message WHERE id IN (:ids) AND status = 'accepted'")
				.param("ids", ids).query(Long.class).single() == ids.size();
		}, java.time.Duration.ofSeconds(30), "the queue to drain after Meta recovered");

		Set<String> expected = new java.util.HashSet<>();
		ids.forEach(id -> expected.add("tripdesk-message-" + id));
		assertThat(accepted.keySet()).containsAll(expected);
		ids.forEach(id -> assertThat(accepted.get("tripdesk-message-" + id)).as("message %d sent once", id).isEqualTo(1));
		assertThat(worker.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

}
