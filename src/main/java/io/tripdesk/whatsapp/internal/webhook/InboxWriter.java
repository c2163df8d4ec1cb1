package io.tripdesk.whatsapp.internal.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stores the webhook's notifications durably before they are answered, many with one statement and one
 * commit: each post waits while one thread writes whatever arrived meanwhile. In a burst of thousands a
 * second a commit of its own for each post, and its wait for the disk, was most of what the database spent
 * on accepting a notification.
 */
@Component
class InboxWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

	/** The most notifications one statement stores. */
	private static final int GROUP = 200;

	/** How long a post waits for its notification to be stored before it is answered with an error. */
	private static final long STORE_TIMEOUT_SECONDS = 10;

	private final WebhookInbox inbox;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private volatile boolean running;

	private @Nullable Thread writer;

	InboxWriter(WebhookInbox inbox) {
		this.inbox = inbox;
	}

	private record Pending(byte[] body, CompletableFuture<Void> stored) {
	}

	/** The notification was refused or could not be stored in time: not acknowledged, so Meta will retry it. */
	static final class NotStored extends RuntimeException {

		NotStored(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	/** Returns once the notification is committed; throws {@link NotStored} when it is not. */
	void store(byte[] body) {
		if (!running) {
			throw new NotStored("The inbox is not accepting notifications (shutting down)", null);
		}
		Pending pending = new Pending(body, new CompletableFuture<>());
		queue.add(pending);
		try {
			pending.stored().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new NotStored("The notification could not be stored", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new NotStored("The notification was not stored within " + STORE_TIMEOUT_SECONDS + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NotStored("Interrupted while the notification was stored", ex);
		}
	}

	private void write() {
		List<Pending> group = new ArrayList<>(GROUP);
		while (running || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				group.add(first);
				queue.drainTo(group, GROUP - 1);
				inbox.storeAll(group.stream().map(Pending::body).toList());
				group.forEach(pending -> pending.stored().complete(null));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				log.error("Webhook notifications could not be stored count={}", group.size(), ex);
				group.forEach(pending -> pending.stored().completeExceptionally(ex));
			}
			finally {
				group.clear();
			}
		}
		queue.forEach(pending -> pending.stored().completeExceptionally(new IllegalStateException("Shutting down")));
	}

	@Override
	public synchronized void start() {
		running = true;
		writer = new Thread(this::write, "whatsapp-inbox-writer");
		writer.setDaemon(true);
		writer.start();
	}

	/** Stops after the web server (a later phase stops earlier): what was posted is stored first. */
	@Override
	public synchronized void stop() {
		running = false;
		Thread stopping = writer;
		if (stopping != null) {
			try {
				stopping.join(TimeUnit.SECONDS.toMillis(STORE_TIMEOUT_SECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

}
