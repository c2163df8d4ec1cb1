package io.tripdesk.analytics.internal.scoring;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/insights/scores/}: a lead's score with the factors behind it; for admins, learning the
 * model again now (every lead is then rescored in the background).
 */
@RestController
@RequestMapping("/api/insights/scores")
class ScoresController {

	private final LeadScorer scorer;

	private final ModelTrainer trainer;

	private final SchedulerClient scheduler;

	private final OneTimeTask<Void> rescoreAll;

	ScoresController(LeadScorer scorer, ModelTrainer trainer, SchedulerClient scheduler, OneTimeTask<Void> leadScoreAllTask) {
		this.scorer = scorer;
		this.trainer = trainer;
		this.scheduler = scheduler;
		this.rescoreAll = leadScoreAllTask;
	}

	@GetMapping("/{lead_id}")
	LeadScorer.LeadScore score(@PathVariable("lead_id") long leadId, @AuthenticationPrincipal CurrentUser user) {
		return scorer.score(leadId, user);
	}

	@PostMapping("/retrain")
	ModelTrainer.Training retrain(@AuthenticationPrincipal CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only admins retrain lead scoring.");
		}
		ModelTrainer.Training training = trainer.train();
		scheduler.scheduleIfNotExists(rescoreAll.instance("all"), Instant.now());
		return training;
	}

}
