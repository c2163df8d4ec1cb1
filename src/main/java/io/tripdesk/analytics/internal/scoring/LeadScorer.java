package io.tripdesk.analytics.internal.scoring;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadAnalysis;
import io.tripdesk.leads.LeadFacts;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.trips.TripSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Scores one lead with its reasons, and keeps every lead's {@code score} column current in batches. */
@Service
class LeadScorer {

	private static final Logger log = LoggerFactory.getLogger(LeadScorer.class);

	private final LeadAnalysis analysis;

	private final LeadManagement leads;

	private final LeadInputReader reader;

	private final ScoringContext context;

	LeadScorer(LeadAnalysis analysis, LeadManagement leads, LeadInputReader reader, ScoringContext context) {
		this.analysis = analysis;
		this.leads = leads;
		this.reader = reader;
		this.context = context;
	}

	record ModelView(String algorithm, Instant trainedAt, int trainingLeads, int testLeads, double auc) {

		static ModelView of(ModelStore.StoredModel model) {
			return new ModelView(model.algorithm(), model.trainedAt(), model.trainingLeads(), model.testLeads(),
					Math.round(model.auc() * 1000) / 1000.0);
		}

	}

	record LeadScore(long leadId, int score, String method, @Nullable ModelView model, List<ScoreMethod.Factor> factors,
			String explanation) {
	}

	LeadScore score(long leadId, CurrentUser actor) {
		LeadFacts facts = analysis.facts(leadId, actor).orElseThrow(() -> ProblemException.notFound("Lead", leadId));
		ScoringContext.Current current = context.current();
		LeadInput input = reader.read(List.of(facts)).get(0);
		ScoreMethod.Scored scored = current.method().score(input, current.features());
		ModelStore.StoredModel model = current.model();
		var properties = context.properties();
		String explanation = model != null
				? "The chance that this lead is won, from a logistic regression learned on the agency's "
						+ model.trainingLeads() + " most recent won and lost leads (" + model.won() + " won, " + model.lost()
						+ " lost). Measured on " + model.testLeads() + " leads held out of training, it ranked a won lead "
						+ "above a lost one " + Math.round(model.auc() * 100) + "% of the time (AUC). A factor's "
						+ "contribution is how many points the score would move if that feature were the agency's average."
				: "The sum of the rules below, from " + ScoringRules.BASE + " to 100 points. A model learned from the "
						+ "agency's own history takes over once there are " + properties.minWon() + " won and "
						+ properties.minLost() + " lost leads and it ranks held-out leads well enough (AUC of at least "
						+ properties.minAuc() + ").";
		return new LeadScore(leadId, scored.score(), model != null ? "model" : "rules",
				model == null ? null : ModelView.of(model), scored.factors(), explanation);
	}

	/**
	 * Scores leads in id order, a batch per statement, and writes the scores that changed; {@code onlyUnscored}:
	 * just the leads without a score yet. Returns how many leads were scored.
	 */
	int rescore(boolean onlyUnscored) {
		ScoringContext.Current current = context.current();
		int batchSize = context.properties().batchSize();
		long after = 0;
		int scored = 0;
		Map<Long, Optional<TripSummary>> trips = new HashMap<>();
		while (true) {
			List<LeadFacts> batch = analysis.factsAfter(after, batchSize, onlyUnscored);
			if (batch.isEmpty()) {
				break;
			}
			Map<Long, Integer> scores = new LinkedHashMap<>();
			for (LeadInput lead : reader.read(batch, trips)) {
				scores.put(lead.facts().id(), current.method().score(lead, current.features()).score());
			}
			leads.updateScores(scores);
			scored += batch.size();
			after = batch.get(batch.size() - 1).id();
		}
		if (scored > 0) {
			log.info("Leads scored count={} method={}", scored, current.model() == null ? "rules" : "model");
		}
		return scored;
	}

}
