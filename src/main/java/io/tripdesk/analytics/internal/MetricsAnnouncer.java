package io.tripdesk.analytics.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tripdesk.analytics.MetricsUpdated;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces the dashboard's key figures after they change: at most once a second, however many changes
 * arrive, and only after the changes committed, so the figures are never ahead of the data.
 */
@Component
class MetricsAnnouncer {

	private final AtomicBoolean dirty = new AtomicBoolean();

	private final MetricsService metrics;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transaction;

	MetricsAnnouncer(MetricsService metrics, ApplicationEventPublisher publisher, TransactionTemplate transaction) {
		this.metrics = metrics;
		this.publisher = publisher;
		this.transaction = transaction;
	}

	/** Something behind the figures changed in the current transaction. */
	void changed() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					dirty.set(true);
				}

			});
		}
		else {
			dirty.set(true);
		}
	}

	@Scheduled(fixedDelayString = "${tripdesk.analytics.announce-every:1s}")
	void announceIfChanged() {
		if (!dirty.getAndSet(false)) {
			return;
		}
		var today = metrics.today();
		var last30 = metrics.metrics(today.minusDays(29), today, new MetricsService.Filters(null, null, null));
		long newToday = metrics.newLeads(today);
		transaction.executeWithoutResult(status -> publisher.publishEvent(new MetricsUpdated(newToday,
				last30.newLeads().value().longValue(), last30.revenue().value(), last30.pipelineValue(),
				last30.won().value().longValue(), last30.tasksOverdue(), Instant.now())));
	}

}
