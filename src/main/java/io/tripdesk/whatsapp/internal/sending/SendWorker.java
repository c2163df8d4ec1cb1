package io.tripdesk.whatsapp.internal.sending;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.whatsapp.AccessTokenRejected;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.messages.CallbackData;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.messages.MessageStore.QueuedSend;
import io.tripdesk.whatsapp.internal.messages.MessageView;
import io.tripdesk.whatsapp.internal.work.FailureReason;
import io.tripdesk.whatsapp.internal.work.WorkerThreads;
import org.jspecify.annotations.Nullable;
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
 * with exponential backoff and jitter (after Meta's pair rate limit, nothing goes to that customer for six
 * seconds); a permanent one fails the message at once with Meta's code and an explanation. When Meta keeps
 * failing, the circuit breaker opens and the queue waits, untouched, until Meta answers again. A rejected
 * access token is published once per token, for the admins. Sends claimed by a node that died are picked up
 * when their lease runs out, and sent again only if no status from Meta tells within
 * {@code abandoned-send-wait} that it has them.
 */
@Component
public class SendWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendWorker.class);

	private static final int BATCH = 20;

	private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

	/** How long a claimed send waits while the circuit is open (at most the open state's duration). */
	private static final Duration POSTPONE = Duration.ofSeconds(5);

	private final MessageStore messages;

	private final GraphClient graph;

	private final LeadManagement leads;

	private final AcceptedSends accepted;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transaction;

	private final WhatsAppSettings settings;

	private final JsonMapper json;

	private final CircuitBreaker breaker;

	private final RecipientPauses recipients = new RecipientPauses();

	private final SendPace pace;

	/** The token whose rejection this node has reported already: admins hear of each token once. */
	private volatile @Nullable String reportedToken;

	private final WorkerThreads threads = new WorkerThreads("whatsapp-send", 2, this::drain);

	SendWorker(MessageStore messages, GraphClient graph, LeadManagement leads, AcceptedSends accepted,
			ApplicationEventPublisher publisher, TransactionTemplate transaction, WhatsAppSettings settings,
			JsonMapper json) {
		this.messages = messages;
		this.graph = graph;
		this.leads = leads;
		this.accepted = accepted;
		this.publisher = publisher;
		this.transaction = transaction;
		this.settings = settings;
		this.json = json;
		this.pace = new SendPace(settings.properties().sendRate(), System::nanoTime);
		this.breaker = CircuitBreaker.of("whatsapp-graph", CircuitBreakerConfig.custom()
			.slidingWindowSize(20)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(settings.properties().circuitOpenDuration())
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
		int abandoned = messages.releaseAbandonedSends(settings.properties().abandonedSendWait());
		if (abandoned > 0) {
			log.info("WhatsApp sends abandoned by a node wait for Meta's status count={} wait={}", abandoned,
					settings.properties().abandonedSendWait());
		}
		int handled = abandoned;
		List<QueuedSend> batch;
		do {
			batch = messages.claimSends(BATCH, settings.properties().sendLease());
			batch.forEach(this::send);
			handled += batch.size();
		}
		while (batch.size() == BATCH && threads.running());
		return handled;
	}

	/** Sends one message, unless Meta's pair rate limit still holds its customer. */
	private void send(QueuedSend message) {
		synchronized (recipients.lock(message.leadId())) {
			Instant paused = recipients.pausedUntil(message.leadId(), Instant.now());
			if (paused != null) {
				messages.postpone(message.id(), paused);
				return;
			}
			sendNow(message);
		}
	}

	private void sendNow(QueuedSend message) {
		LeadSummary lead;
		ObjectNode payload;
		String wamid;
		try {
			lead = leads.get(message.leadId(), CurrentUser.system());
			payload = payload(message, lead);
			pace.acquire();
			wamid = breaker.executeSupplier(() -> graph.sendMessage(payload));
		}
		catch (InterruptedException stopping) {
			Thread.currentThread().interrupt();
			messages.postpone(message.id(), Instant.now());
			return;
		}
		catch (CallNotPermittedException open) {
			Duration pause = settings.properties().circuitOpenDuration();
			messages.postpone(message.id(), Instant.now().plus(pause.compareTo(POSTPONE) < 0 ? pause : POSTPONE));
			return;
		}
		catch (GraphException ex) {
			String explanation = GraphErrors.explain(ex.code(), ex.details());
			Instant now = Instant.now();
			Instant paused = Integer.valueOf(RecipientPauses.PAIR_RATE_LIMIT).equals(ex.code())
					? recipients.pause(message.leadId(), now) : now;
			if (ex.retryable() && message.attempts() < settings.properties().sendAttempts()) {
				Instant backedOff = now.plus(backoff(message.attempts()));
				Instant next = backedOff.isAfter(paused) ? backedOff : paused;
				messages.retryLater(message.id(), next, ex.code(), explanation);
				log.warn("WhatsApp send failed, retrying messageId={} attempt={} code={} http={} cause={}", message.id(),
						message.attempts(), ex.code(), ex.httpStatus(), String.valueOf(ex.getCause()));
			}
			else {
				fail(message, ex.code(), ex.title(), explanation);
			}
			return;
		}
		catch (RuntimeException ex) {
			log.error("WhatsApp send broke unexpectedly messageId={}", message.id(), ex);
			messages.retryLater(message.id(), Instant.now().plus(backoff(message.attempts())), null,
					"Tripdesk could not send it yet: " + FailureReason.of(ex));
			return;
		}
		recordAccepted(message, lead, wamid);
	}

	/**
	 * Meta has the message now. Recording that must not be given up lightly: a send left "sending" is
	 * claimed again when its lease runs out and would reach the customer twice unless a status of it comes
	 * first. So a failing database is retried here for a good part of the lease. A status that came first
	 * recorded it already: then nothing is recorded twice.
	 */
	private void recordAccepted(QueuedSend message, LeadSummary lead, String wamid) {
		Instant now = Instant.now();
		Instant giveUp = now.plus(settings.properties().sendLease().dividedBy(2));
		long pause = 200;
		while (true) {
			try {
				Boolean recorded = transaction.execute(status -> accepted.record(message.id(), message.leadId(),
						message.byPerson(), lead.assignedTo(), wamid, now));
				if (Boolean.TRUE.equals(recorded)) {
					log.info("WhatsApp message accepted by Meta messageId={} attempt={}", message.id(), message.attempts());
				}
				else {
					alreadyRecorded(message, wamid);
				}
				return;
			}
			catch (RuntimeException ex) {
				if (Instant.now().isAfter(giveUp)) {
					log.error("WhatsApp message accepted by Meta but not recorded messageId={}", message.id(), ex);
					return;
				}
				log.warn("Recording an accepted WhatsApp message failed, retrying messageId={}: {}", message.id(),
						ex.getMessage());
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				pause = Math.min(pause * 2, 5000);
			}
		}
	}

	/** A status of this message recorded it while Meta answered: the same wamid, or another attempt's. */
	private void alreadyRecorded(QueuedSend message, String wamid) {
		String recorded = messages.find(message.id()).map(MessageView::wamid).orElse(null);
		if (wamid.equals(recorded)) {
			log.info("WhatsApp message accepted by Meta, recorded already from its status messageId={} attempt={}",
					message.id(), message.attempts());
		}
		else {
			log.warn("WhatsApp message sent twice: Meta reported an earlier attempt meanwhile messageId={} attempt={}",
					message.id(), message.attempts());
		}
	}

	private void fail(QueuedSend message, @Nullable Integer code, @Nullable String title, String explanation) {
		Long assignedTo = leads.find(message.leadId(), CurrentUser.system()).map(LeadSummary::assignedTo)
			.orElse(null);
		String rejectedToken = GraphErrors.tokenRejected(code) ? fingerprint(settings.accessToken()) : null;
		Boolean failed = transaction.execute(status -> {
			if (!messages.markFailed(message.id(), code, title, explanation)) {
				return false;
			}
			publisher.publishEvent(new MessageStatusesChanged(List.of(new MessageStatusChanged(message.id(),
					message.leadId(), null, "failed", code, title, assignedTo, message.byPerson(), Instant.now()))));
			if (rejectedToken != null && !rejectedToken.equals(reportedToken)) {
				publisher.publishEvent(new AccessTokenRejected(code, rejectedToken, explanation, Instant.now()));
			}
			return true;
		});
		if (!Boolean.TRUE.equals(failed)) {
			return;
		}
		if (rejectedToken != null && !rejectedToken.equals(reportedToken)) {
			reportedToken = rejectedToken;
			log.error("WhatsApp access token rejected by Meta code={} token={}: an admin must set a new one", code,
					rejectedToken);
		}
		log.warn("WhatsApp send failed for good messageId={} code={}", message.id(), code);
	}

	/** Tells one token from another in events and logs without revealing it. */
	private static String fingerprint(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
		payload.put("biz_opaque_callback_data", CallbackData.of(message.id()));
		return payload;
	}

	/**
	 * The first retry's wait ({@code send-backoff}, 2 s by default), doubled for each further attempt up to 10
	 * minutes; each wait between half and all of it.
	 */
	static Duration backoff(Duration first, int attempt) {
		long base = Math.min(MAX_BACKOFF.toMillis(), first.toMillis() << Math.min(attempt - 1, 20));
		return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
	}

	private Duration backoff(int attempt) {
		return backoff(settings.properties().sendBackoff(), attempt);
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
