package io.tripdesk.whatsapp.internal.webhook;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Processed notifications are kept a week for inspection, then deleted (on one node at a time, by
 * db-scheduler). Pending and dead ones are never deleted.
 */
@Configuration(proxyBeanMethods = false)
class InboxRetention {

	static final Duration KEEP_PROCESSED = Duration.ofDays(7);

	private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

	@Bean
	RecurringTask<Void> whatsappInboxRetentionTask(WebhookInbox inbox) {
		return Tasks.recurring("whatsapp-inbox-retention", FixedDelay.of(Duration.ofHours(1)))
			.execute((instance, context) -> {
				int deleted = inbox.deleteProcessedBefore(Instant.now().minus(KEEP_PROCESSED));
				log.info("Processed webhook notifications pruned deleted={}", deleted);
			});
	}

}
