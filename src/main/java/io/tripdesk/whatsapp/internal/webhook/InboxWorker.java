package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Processes the inbox after the webhook has answered: woken at once by this node's webhook, and
 * looking every quarter second for work from other nodes, retries and leases left by a dead node.
 * A failing notification is retried with growing pauses and, after the configured attempts, marked
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

	private final Semaphore wakeUp = new Semaphore(0);

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	InboxWorker(WebhookInbox inbox, NotificationProcessor processor, WhatsAppSettings settings) {
		this.inbox = inbox;
		this.processor = processor;
		this.settings = settings;
	}

	/** New work was stored on this node. */
	void wakeUp() {
		if (wakeUp.availablePermits() < THREADS) {
			wakeUp.release();
		}
	}

	/** Processes whatever is due now, on the calling thread; returns how many notifications it handled. */
	int drain() {
		int handled = 0;
		List<WebhookInbox.Entry> batch;
		do {
			batch = inbox.claim(BATCH, LEASE);
			batch.forEach(this::handle);
			handled += batch.size();
		}
		while (batch.size() == BATCH && running);
		return handled;
	}

	private void handle(WebhookInbox.Entry entry) {
		try {
			processor.process(entry.body());
			inbox.markProcessed(entry.id());
		}
		catch (RuntimeException ex) {
			String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (entry.attempts() >= settings.properties().inboxAttempts()) {
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
		running = true;
		for (int i = 0; i < THREADS; i++) {
			Thread thread = new Thread(this::loop, "whatsapp-inbox-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
	}

	@Override
	public void stop() {
		running = false;
		threads.forEach(Thread::interrupt);
		threads.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void loop() {
		while (running) {
			try {
				if (drain() == 0) {
					wakeUp.tryAcquire(250, TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (running) {
					log.warn("Inbox worker could not claim work, retrying: {}", ex.getMessage());
					sleepQuietly();
				}
			}
		}
	}

	private void sleepQuietly() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
