package io.tripdesk.identity.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Failed sign-ins are kept only while they still count; forgotten ones are deleted hourly. */
@Configuration(proxyBeanMethods = false)
class SignInFailureRetention {

	private static final Logger log = LoggerFactory.getLogger(SignInFailureRetention.class);

	@Bean
	RecurringTask<Void> signInFailureRetentionTask(SignInThrottle throttle) {
		return Tasks.recurring("sign-in-failure-retention", FixedDelay.of(Duration.ofHours(1)))
			.execute((instance, context) -> log.info("Forgotten sign-in failures deleted={}", throttle.forgetOld()));
	}

}
