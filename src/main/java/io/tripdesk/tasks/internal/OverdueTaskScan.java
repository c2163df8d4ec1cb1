package io.tripdesk.tasks.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every half minute, tasks past their due time are announced as overdue (once, on one node). */
@Configuration(proxyBeanMethods = false)
class OverdueTaskScan {

	@Bean
	RecurringTask<Void> overdueTaskScanTask(TaskService tasks) {
		return Tasks.recurring("task-overdue-scan", FixedDelay.of(Duration.ofSeconds(30)))
			.execute((instance, context) -> tasks.announceOverdue());
	}

}
