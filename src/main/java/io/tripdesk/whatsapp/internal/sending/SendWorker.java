package io.tripdesk.whatsapp.internal.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.messages.MessageStore.QueuedSend;
import io.tripdesk.whatsapp.internal.work.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the queue to Meta. A retryable failure (5xx, timeout, rate and throughput limits) is tried again
 * with exponential backoff and jitter; a permanent one fails the message at once with Meta's code and an
 * explanation. When Meta keeps failing, the circuit breaker opens and the queue waits, untouched, until
 * Meta answers again. Sends claimed by a node that died are picked up when their lease runs out.
 */
@Component
public class SendWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendWorker.class);

	private static final int BATCH = 20;

	private static final Duration LEASE = Duration.ofMinutes(2);

	private final MessageStore messages;

	private final GraphClient graph;

	private final LeadManagement leads;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transaction;

	private final WhatsAppSettings settings;

	private final JsonMapper json;

	private final CircuitBreaker breaker;

	private final WorkerThreads threads = new WorkerThreads("whatsapp-send", 2, this::drain);

	SendWorker(MessageStore messages, GraphClient graph, LeadManagement leads, ApplicationEventPublisher publisher,
			TransactionTemplate transaction, WhatsAppSettings settings, JsonMapper json) {
		this.messages = messages;
		this.graph = graph;
		this.leads = leads;
		this.publisher = publisher;
		this.transaction = transaction;
		this.settings = settings;
		this.json = json;
		this.breaker = CircuitBreaker.of("whatsapp-graph", CircuitBreakerConfig.custom()
			.slidingWindowSize(20)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(20))
			.permittedNumberOfCallsInHalfOpenState(2)
			.recordException(ex -> ex instanceof GraphException graphError && graphError.retryable())
			.build());
	}

	public CircuitBreaker.State circuitState() {
		return breaker.getState();
	}

	public void wakeUp() {
		threads.wakeUp();
	}

	/** Sends what is due now on the calling thread; returns how many sends it handled. */
	public int drain() {
		int handled = 0;
		List<QueuedSend> batch;
		do {
			batch = messages.claimSends(BATCH, LEASE);
			batch.forEach(this::send);
			handled += batch.size();
		}
		while (batch.size() == BATCH && threads.running());
		return handled;
	}

	private void send(QueuedSend message) {
		LeadSummary lead = leads.get(message.leadId(), CurrentUser.system());
		ObjectNode payload = payload(message, lead);
		try {
			String wamid = breaker.executeSupplier(() -> graph.sendMessage(payload));
			Instant now = Instant.now();
			transaction.executeWithoutResult(status -> {
				messages.markAccepted(message.id(), wamid);
				leads.recordOutbound(message.leadId(), now, message.byPerson());
				publisher.publishEvent(new MessageStatusChanged(message.id(), message.leadId(), wamid, "accepted", null,
						null, lead.assignedTo(), now));
			});
			log.info("WhatsApp message accepted by Meta messageId={} attempt={}", message.id(), message.attempts());
		}
		catch (CallNotPermittedException open) {
			messages.postpone(message.id(), Instant.now().plusSeconds(5));
		}
		catch (GraphException ex) {
			String explanation = GraphErrors.explain(ex.code(), ex.details());
			if (ex.retryable() && message.attempts() < settings.properties().sendAttempts()) {
				Instant next = Instant.now().plus(backoff(message.attempts()));
				messages.retryLater(message.id(), next, ex.code(), explanation);
				log.warn("WhatsApp send failed, retrying messageId={} attempt={} code={} http={}", message.id(),
						message.attempts(), ex.code(), ex.httpStatus());
			}
			else {
				fail(message, lead.assignedTo(), ex.code(), ex.title(), explanation);
			}
		}
		catch (RuntimeException ex) {
			log.error("WhatsApp send broke unexpectedly messageId={}", message.id(), ex);
			messages.retryLater(message.id(), Instant.now().plus(backoff(message.attempts())), null,
					"Tripdesk could not send it yet: " + ex.getClass().getSimpleName());
		}
	}

	private void fail(QueuedSend message, Long assignedTo, Integer code, String title, String explanation) {
		transaction.executeWithoutResult(status -> {
			messages.markFailed(message.id(), code, title, explanation);
			publisher.publishEvent(new MessageStatusChanged(message.id(), message.leadId(), null, "failed", code, title,
					assignedTo, Instant.now()));
		});
		log.warn("WhatsApp send failed for good messageId={} code={}", message.id(), code);
	}

	/** Meta's message: the stored type and content, to the lead's WhatsApp identity, traced to our id. */
	private ObjectNode payload(QueuedSend message, LeadSummary lead) {
		ObjectNode payload = json.createObjectNode().put("messaging_product", "whatsapp")
			.put("recipient_type", "individual");
		if (lead.waId() != null) {
			payload.put("to", "+" + lead.waId());
		}
		else if (lead.phone() != null) {
			payload.put("to", lead.phone());
		}
		else {
			payload.put("recipient", lead.waUserId());
		}
		payload.put("type", message.type());
		payload.setAll((ObjectNode) message.content());
		if (message.contextWamid() != null) {
			payload.putObject("context").put("message_id", message.contextWamid());
		}
		payload.put("biz_opaque_callback_data", "tripdesk-message-" + message.id());
		return payload;
	}

	/** About 2 s, 4 s, 8 s … capped at 10 minutes, each between half and all of it. */
	static Duration backoff(int attempt) {
		long base = Math.min(600_000L, 2000L << Math.min(attempt - 1, 20));
		return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
	}

	@Override
	public void start() {
		threads.start();
	}

	@Override
	public void stop() {
		threads.stop();
	}

	@Override
	public boolean isRunning() {
		return threads.running();
	}

}
