package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes the inbox after the webhook has answered, on {@link WorkerThreads}. A failing notification is retried with growing pauses and, after the configured attempts, marked
 * dead with its error; it never disappears.
 */
@Component
class InboxWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);

	/**
	 * One thread a node: while it processes a batch, the next one gathers, so the batches grow with the load
	 * and the cost of each statement and commit is shared by more messages. Threads side by side split the
	 * backlog into smaller batches that then wait for each other's locks on the same leads.
	 */
	private static final int THREADS = 1;

	/** Up to this many notifications are claimed, and processed, at once. */
	private static final int BATCH = 500;

	private static final Duration LEASE = Duration.ofMinutes(2);

	private final WebhookInbox inbox;

	private final NotificationProcessor processor;

	private final WhatsAppSettings settings;

	private final WorkerThreads threads = new WorkerThreads("whatsapp-inbox", THREADS, this::drain);

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	InboxWorker(WebhookInbox inbox, NotificationProcessor processor, WhatsAppSettings settings,
			PlatformTransactionManager transactionManager, JsonMapper json) {
		this.inbox = inbox;
		this.json = json;
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
			handle(batch);
			handled += batch.size();
		}
		while (batch.size() == BATCH && threads.running());
		return handled;
	}

	/**
	 * Processes the claimed notifications in one transaction (the messages and the marks commit together: a
	 * crash before leaves them all to be redone). Should the batch fail, each is processed alone, so that
	 * one bad notification holds up none of the others and its own error is the one recorded.
	 */
	private void handle(List<WebhookInbox.Entry> batch) {
		Map<Long, WebhookInbox.Entry> entries = new LinkedHashMap<>();
		List<WebhookNotification> readable = new ArrayList<>();
		for (WebhookInbox.Entry entry : batch) {
			try {
				readable.add(WebhookNotification.read(entry.id(), entry.body(), json));
				entries.put(entry.id(), entry);
			}
			catch (NotificationProcessor.Unprocessable ex) {
				inbox.markDead(entry.id(), ex.getClass().getSimpleName() + ": " + ex.getMessage());
				log.warn("Webhook notification unprocessable, kept as dead inboxId={} reason={}", entry.id(),
						ex.getMessage());
			}
		}
		if (readable.size() > 1) {
			try {
				process(readable, entries);
				return;
			}
			catch (RuntimeException ex) {
				log.info("Webhook batch failed, processing its notifications one by one count={} reason={}",
						readable.size(), ex.toString());
			}
		}
		for (WebhookNotification notification : readable) {
			WebhookInbox.Entry entry = entries.get(notification.inboxId());
			try {
				process(List.of(notification), entries);
			}
			catch (RuntimeException ex) {
				failed(entry, ex);
			}
		}
	}

	private void process(List<WebhookNotification> notifications, Map<Long, WebhookInbox.Entry> entries) {
		transactions.executeWithoutResult(status -> {
			Map<Long, String> later = processor.process(notifications);
			inbox.markProcessed(notifications.stream().map(WebhookNotification::inboxId)
				.filter(id -> !later.containsKey(id)).toList());
			later.forEach((id, reason) -> {
				inbox.retryLater(id, Instant.now().plus(backoff(entries.get(id).attempts())), reason);
				log.info("Webhook notification postponed inboxId={} reason={}", id, reason);
			});
		});
	}

	private void failed(WebhookInbox.Entry entry, RuntimeException ex) {
		String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		if (entry.attempts() >= settings.properties().inboxAttempts()) {
			inbox.markDead(entry.id(), error);
			log.error("Webhook notification dead after attempts={} inboxId={}", entry.attempts(), entry.id(), ex);
		}
		else {
			inbox.retryLater(entry.id(), Instant.now().plus(backoff(entry.attempts())), error);
			log.warn("Webhook notification failed, will retry inboxId={} attempt={}", entry.id(), entry.attempts(), ex);
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
