package io.tripdesk.notifications.internal;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Live events are for catching up after a short disconnect; older ones are deleted hourly. */
@Configuration(proxyBeanMethods = false)
class LiveEventRetention {

	private static final Logger log = LoggerFactory.getLogger(LiveEventRetention.class);

	@Bean
	RecurringTask<Void> liveEventRetentionTask(LiveEventStore store, NotificationsProperties properties) {
		return Tasks.recurring("live-event-retention", FixedDelay.of(Duration.ofHours(1)))
			.execute((instance, context) -> {
				int deleted = store.deleteOlderThan(Instant.now().minus(properties.liveEventRetention()));
				log.info("Live events pruned deleted={}", deleted);
			});
	}

}
