package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.tripdesk.shared.database.RedoableWork;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.work.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes the inbox after the webhook has answered, on {@link WorkerThreads}. A failing notification is retried with growing pauses and, after the configured attempts, marked
 * dead with its error; it never disappears.
 */
@Component
class InboxWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);

	private static final int THREADS = 4;

	private static final int BATCH = 20;

	private static final Duration LEASE = Duration.ofMinutes(2);

	private final WebhookInbox inbox;

	private final NotificationProcessor processor;

	private final WhatsAppSettings settings;

	private final WorkerThreads threads = new WorkerThreads("whatsapp-inbox", THREADS, this::drain);

	private final TransactionTemplate transactions;

	InboxWorker(WebhookInbox inbox, NotificationProcessor processor, WhatsAppSettings settings,
			PlatformTransactionManager transactionManager) {
		this.inbox = inbox;
		this.transactions = new TransactionTemplate(transactionManager);
		this.processor = processor;
		this.settings = settings;
	}

	/** New work was stored on this node. */
	void wakeUp() {
		threads.wakeUp();
	}

	/**
	 * Processes whatever is due now, on the calling thread; returns how many notifications it handled. A
	 * notification stays in the inbox until it is marked processed, so this is redoable work.
	 */
	int drain() {
		return RedoableWork.call(this::drainBatches);
	}

	private int drainBatches() {
		int handled = 0;
		List<WebhookInbox.Entry> batch;
		do {
			batch = transactions.execute(status -> inbox.claim(BATCH, LEASE));
			batch.forEach(this::handle);
			handled += batch.size();
		}
		while (batch.size() == BATCH && threads.running());
		return handled;
	}

	private void handle(WebhookInbox.Entry entry) {
		try {
			// One commit for the messages and the mark: a crash before it leaves the notification to be redone whole.
			transactions.executeWithoutResult(status -> {
				processor.process(entry.body());
				inbox.markProcessed(entry.id());
			});
		}
		catch (RuntimeException ex) {
			String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (ex instanceof NotificationProcessor.Unprocessable) {
				inbox.markDead(entry.id(), error);
				log.warn("Webhook notification unprocessable, kept as dead inboxId={} reason={}", entry.id(),
						ex.getMessage());
			}
			else if (entry.attempts() >= settings.properties().inboxAttempts()) {
				inbox.markDead(entry.id(), error);
				log.error("Webhook notification dead after attempts={} inboxId={}", entry.attempts(), entry.id(), ex);
			}
			else {
				inbox.retryLater(entry.id(), Instant.now().plus(backoff(entry.attempts())), error);
				if (ex instanceof NotificationProcessor.RetryLater) {
					log.info("Webhook notification postponed inboxId={} reason={}", entry.id(), ex.getMessage());
				}
				else {
					log.warn("Webhook notification failed, will retry inboxId={} attempt={}", entry.id(),
							entry.attempts(), ex);
				}
			}
		}
	}

	/** 1 s, 2 s, 4 s … up to 5 minutes, with jitter so retries from many rows do not arrive together. */
	static Duration backoff(int attempt) {
		long base = Math.min(300_000L, 1000L << Math.min(attempt - 1, 20));
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
