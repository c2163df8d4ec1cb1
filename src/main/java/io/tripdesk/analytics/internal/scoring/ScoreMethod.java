package io.tripdesk.analytics.internal.scoring;

import java.util.List;

/** How a lead gets its score: the model learned from the agency's history, or transparent rules before there is one. */
sealed interface ScoreMethod permits ScoreModel, ScoringRules {

	Scored score(LeadInput lead, LeadFeatures features);

	/** What moved a score, in score points; the rules' factors are the rules, met or not. */
	record Factor(String feature, String label, String value, double contribution) {
	}

	record Scored(int score, List<Factor> factors) {
	}

}
