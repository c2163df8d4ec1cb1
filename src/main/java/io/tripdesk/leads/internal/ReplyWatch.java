package io.tripdesk.leads.internal;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tripdesk.leads.LeadAwaitingReply;
import io.tripdesk.leads.LeadsAwaitingReply;
import io.tripdesk.shared.AgencyProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every half minute: customers waiting longer than the response-time target become {@link LeadAwaitingReply}, a
 * {@link LeadsAwaitingReply} for each batch.
 */
@Component
class ReplyWatch {

	/**
	 * Leads alerted per transaction. A claimed lead stays locked until its transaction commits, and the
	 * customer's next message waits for it: 500 at a time held them for a second or two under load.
	 */
	private static final int BATCH = 50;

	private final LeadRepository leads;

	private final ApplicationEventPublisher publisher;

	private final AgencyProperties agency;

	private final TransactionTemplate transactions;

	ReplyWatch(LeadRepository leads, ApplicationEventPublisher publisher, AgencyProperties agency,
			TransactionTemplate transactions) {
		this.leads = leads;
		this.transactions = transactions;
		this.publisher = publisher;
		this.agency = agency;
	}

	/** Raises the alerts that are due, a batch per transaction; each wait is alerted once. Returns how many. */
	int raiseDueAlerts() {
		Instant now = Instant.now();
		int raised = 0;
		int batch;
		do {
			batch = transactions.execute(status -> raiseBatch(now));
			raised += batch;
		}
		while (batch == BATCH);
		return raised;
	}

	private int raiseBatch(Instant now) {
		var due = leads.claimOverdueReplies(now.minus(agency.responseTimeTarget()), BATCH);
		if (!due.isEmpty()) {
			publisher.publishEvent(new LeadsAwaitingReply(due.stream()
				.map(wait -> new LeadAwaitingReply(wait.leadId(), wait.name(), wait.assignedTo(), wait.since(), now))
				.toList()));
		}
		return due.size();
	}

	@Configuration(proxyBeanMethods = false)
	static class Schedule {

		@Bean
		RecurringTask<Void> replyWatchTask(ReplyWatch watch) {
			return Tasks.recurring("lead-reply-watch", FixedDelay.of(Duration.ofSeconds(30)))
				.execute((instance, context) -> watch.raiseDueAlerts());
		}

	}

}
