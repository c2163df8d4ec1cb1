package io.tripdesk.analytics.internal.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.tripdesk.leads.PipelineStage;

/**
 * The score before the agency has enough won and lost leads to learn from: fixed points for signs of a
 * serious customer, adding up to 100. Every rule is listed as a factor, with 0 points when not met.
 */
final class ScoringRules implements ScoreMethod {

	static final int BASE = 10;

	private final BigDecimal highBudget;

	ScoringRules(BigDecimal highBudget) {
		this.highBudget = highBudget;
	}

	@Override
	public Scored score(LeadInput lead, LeadFeatures features) {
		var facts = lead.facts();
		List<Factor> factors = new ArrayList<>();
		factors.add(new Factor("base", "Every lead starts with", "", BASE));
		rule(factors, "budget_given", "Gave a budget", features.display(Feature.BUDGET, lead), facts.budget() != null, 10);
		rule(factors, "budget_high", "Budget of " + LeadFeatures.amount(highBudget) + " or more",
				features.display(Feature.BUDGET, lead), facts.budget() != null && facts.budget().compareTo(highBudget) >= 0,
				10);
		rule(factors, "has_trip", "Chose a trip", features.display(Feature.HAS_TRIP, lead), facts.tripId() != null, 10);
		Long days = features.daysToTravel(lead);
		rule(factors, "travels_soon", "Travel date within 90 days of the enquiry", features.display(Feature.DAYS_TO_TRAVEL, lead),
				days != null && days <= 90, 10);
		rule(factors, "group", "Two or more travellers", features.display(Feature.TRAVELERS, lead),
				facts.travelers() != null && facts.travelers() >= 2, 5);
		rule(factors, "wrote", "Wrote to the agency", features.display(Feature.INBOUND_MESSAGES, lead),
				lead.inboundMessages() >= 1, 5);
		rule(factors, "engaged", "Wrote three or more messages", features.display(Feature.INBOUND_MESSAGES, lead),
				lead.inboundMessages() >= 3, 10);
		rule(factors, "answered_quickly", "Got a person's reply within the response-time target",
				features.display(Feature.ANSWERED_QUICKLY, lead), features.answeredQuickly(lead), 10);
		int reached = features.stageReached(lead);
		PipelineStage third = features.openStage(2);
		PipelineStage fourth = features.openStage(3);
		String stage = features.display(Feature.STAGE_REACHED, lead);
		rule(factors, "reached_" + (third == null ? "third" : third.key()),
				"Reached " + (third == null ? "the third stage" : third.label()), stage, reached >= 2, 10);
		rule(factors, "reached_" + (fourth == null ? "fourth" : fourth.key()),
				"Reached " + (fourth == null ? "the fourth stage" : fourth.label()), stage, reached >= 3, 10);
		int score = (int) Math.min(100, factors.stream().mapToDouble(Factor::contribution).sum());
		return new Scored(score, factors);
	}

	private static void rule(List<Factor> factors, String key, String label, String value, boolean met, int points) {
		factors.add(new Factor(key, label + " (+" + points + ")", value, met ? points : 0));
	}

}
