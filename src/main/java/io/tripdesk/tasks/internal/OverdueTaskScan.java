package io.tripdesk.tasks.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every minute (tripdesk.tasks.overdue-scan-interval), tasks past their due time are announced as overdue:
 * db-scheduler runs it on one node at a time, and the claiming UPDATE … RETURNING announces each once.
 */
@Configuration(proxyBeanMethods = false)
class OverdueTaskScan {

	@Bean
	RecurringTask<Void> overdueTaskScanTask(TaskService tasks, TasksProperties properties) {
		return Tasks.recurring("task-overdue-scan", FixedDelay.of(properties.overdueScanInterval()))
			.execute((instance, context) -> tasks.announceOverdue());
	}

}
