package io.tripdesk.shared.events;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the event publications whose listener failed (a deadlock, the database gone for a moment, a bug
 * since fixed) to their listeners again every minute, not only at the next start: one failed batch of
 * customer messages would otherwise lack its notifications and analytics until a restart. The registry
 * marks a publication failed when its listener throws, and one that was left in progress or never picked
 * up once it is stale (spring.modulith.events.staleness); only those are handed on, each to one node, and
 * every listener is idempotent.
 */
@Component
class FailedEventRetry {

	private final FailedEventPublications failed;

	FailedEventRetry(FailedEventPublications failed) {
		this.failed = failed;
	}

	@Scheduled(fixedDelayString = "${tripdesk.events.retry-failed-every:1m}",
			initialDelayString = "${tripdesk.events.retry-failed-every:1m}")
	void resubmit() {
		failed.resubmit(ResubmissionOptions.defaults());
	}

}
