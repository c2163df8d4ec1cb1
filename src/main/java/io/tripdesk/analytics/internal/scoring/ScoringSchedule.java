package io.tripdesk.analytics.internal.scoring;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scoring job, on db-scheduler so that one node of a cluster runs each: new leads are scored every
 * minute (tripdesk.insights.scoring.score-new-every); the model is learned again every day
 * (retrain-every, and at the first start) and then every lead is rescored; an admin's retrain asks for
 * the same rescoring through a one-time task.
 */
@Configuration(proxyBeanMethods = false)
class ScoringSchedule {

	static final String RESCORE_ALL = "lead-score-all";

	@Bean
	RecurringTask<Void> leadScoreNewTask(LeadScorer scorer, ScoringProperties properties) {
		return Tasks.recurring("lead-score-new", FixedDelay.of(properties.scoreNewEvery()))
			.execute((instance, context) -> scorer.rescore(true));
	}

	@Bean
	RecurringTask<Void> leadScoreRetrainTask(ModelTrainer trainer, LeadScorer scorer, ScoringProperties properties) {
		return Tasks.recurring("lead-score-retrain", FixedDelay.of(properties.retrainEvery()))
			.execute((instance, context) -> {
				trainer.train();
				scorer.rescore(false);
			});
	}

	@Bean
	OneTimeTask<Void> leadScoreAllTask(LeadScorer scorer) {
		return Tasks.oneTime(RESCORE_ALL).execute((instance, context) -> scorer.rescore(false));
	}

}
