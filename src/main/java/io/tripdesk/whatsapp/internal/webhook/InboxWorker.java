package io.tripdesk.whatsapp.internal.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tripdesk.shared.database.RedoableWork;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.work.FailureReason;
import io.tripdesk.whatsapp.internal.work.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes the inbox after the webhook has answered, on {@link WorkerThreads}: whatever is due, in batches.
 * A batch that fails is processed notification by notification, and a notification that fails alone, message
 * by message: it is split into notifications of one message each. What fails then is retried with growing
 * pauses and, after the configured attempts, kept as dead with its error; it never disappears. The error kept
 * is a reason in words ({@link FailureReason}); the exception goes to the log.
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

	/** Up to this many notifications are locked, and processed, in one transaction. */
	private static final int BATCH = 500;

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
		int handled;
		int total = 0;
		do {
			List<WebhookInbox.Entry> batch = new ArrayList<>();
			try {
				transactions.executeWithoutResult(status -> {
					batch.addAll(inbox.lockDue(BATCH));
					process(batch);
				});
			}
			catch (RuntimeException ex) {
				if (batch.isEmpty()) {
					throw ex;
				}
				// Each alone, so that one bad notification holds up none of the others and its own error is recorded.
				log.info("Webhook batch failed, processing its notifications one by one count={} reason={}",
						batch.size(), ex.toString());
				batch.forEach(this::processAlone);
			}
			handled = batch.size();
			total += handled;
		}
		while (handled == BATCH && threads.running());
		return total;
	}

	/**
	 * Processes locked notifications in the caller's transaction: the messages and the marks commit together,
	 * and a crash before leaves them all to be redone. One that cannot be read is set aside at once; one that
	 * cannot be processed yet (a status for a message not stored yet) is retried later.
	 */
	private void process(List<WebhookInbox.Entry> entries) {
		List<WebhookNotification> readable = new ArrayList<>(entries.size());
		for (WebhookInbox.Entry entry : entries) {
			try {
				readable.add(WebhookNotification.read(entry.id(), entry.body(), json));
			}
			catch (NotificationProcessor.Unprocessable ex) {
				setAside(entry, ex.getMessage());
			}
		}
		if (readable.isEmpty()) {
			return;
		}
		Map<Long, String> later = processor.process(readable);
		inbox.markProcessed(readable.stream().map(WebhookNotification::inboxId).filter(id -> !later.containsKey(id))
			.toList());
		later.forEach((id, reason) -> inbox.recordFailure(id, reason, settings.properties().inboxAttempts())
			.ifPresent(outcome -> log.info("Webhook notification postponed inboxId={} attempt={} status={} reason={}", id,
					outcome.attempts(), outcome.status(), reason)));
	}

	/**
	 * A notification no retry can process: kept as dead at once with why, unless it says more than one thing;
	 * then it is split, so that what cannot be processed (a message without a usable id or sender) is set aside
	 * alone and the rest is stored.
	 */
	private void setAside(WebhookInbox.Entry entry, String why) {
		String error = "Unprocessable: " + why;
		List<byte[]> parts = WebhookNotification.split(entry.body(), json);
		if (parts.size() > 1) {
			inbox.replaceBySplit(entry.id(), parts, error);
			log.warn("Webhook notification partly unprocessable, split message by message inboxId={} parts={} reason={}",
					entry.id(), parts.size(), why);
			return;
		}
		inbox.markDead(entry.id(), error);
		log.warn("Webhook notification unprocessable, kept as dead inboxId={} reason={}", entry.id(), why);
	}

	private void processAlone(WebhookInbox.Entry entry) {
		try {
			transactions.executeWithoutResult(
					status -> inbox.lockIfDue(entry.id()).ifPresent(due -> process(List.of(due))));
		}
		catch (RuntimeException ex) {
			String error = "Could not be stored: " + FailureReason.of(ex);
			if (splitApart(entry.id(), error, ex)) {
				return;
			}
			inbox.recordFailure(entry.id(), error, settings.properties().inboxAttempts())
				.ifPresent(outcome -> logFailure(entry.id(), outcome, ex));
		}
	}

	/**
	 * Puts one notification a message (and one for the rest it says) in the place of a notification that
	 * failed alone, so that a message that cannot be stored holds up none of the others; false when it says
	 * only one thing. The parts keep the wamids, so what a part stores is stored once however often it is tried.
	 */
	private boolean splitApart(long id, String error, RuntimeException failure) {
		return Boolean.TRUE.equals(transactions.execute(status -> inbox.lockIfDue(id).map(due -> {
			List<byte[]> parts = WebhookNotification.split(due.body(), json);
			if (parts.size() < 2) {
				return false;
			}
			inbox.replaceBySplit(id, parts, error);
			log.warn("Webhook notification failed alone, split message by message inboxId={} parts={}", id,
					parts.size(), failure);
			return true;
		}).orElse(false)));
	}

	private static void logFailure(long inboxId, WebhookInbox.Failure outcome, RuntimeException ex) {
		if (outcome.status().equals("dead")) {
			log.error("Webhook notification dead after attempts={} inboxId={}", outcome.attempts(), inboxId, ex);
		}
		else {
			log.warn("Webhook notification failed, will retry inboxId={} attempt={}", inboxId, outcome.attempts(), ex);
		}
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
