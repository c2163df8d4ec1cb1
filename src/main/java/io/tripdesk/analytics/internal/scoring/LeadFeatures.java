package io.tripdesk.analytics.internal.scoring;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import io.tripdesk.leads.PipelineStage;
import org.jspecify.annotations.Nullable;

/**
 * Turns a lead into the numbers a score is computed from, and into the words that explain it. Money and
 * counts enter on a log scale (a budget of 8,000 is not eight times as telling as 1,000); a missing value
 * is NaN, which the model replaces by the average of its training leads.
 */
final class LeadFeatures {

	private final Duration responseTarget;

	private final ZoneId zone;

	/** The stages before won/lost, in order: "stage reached" is an index into them. */
	private final List<PipelineStage> openStages;

	LeadFeatures(Duration responseTarget, ZoneId zone, List<PipelineStage> pipeline) {
		this.responseTarget = responseTarget;
		this.zone = zone;
		this.openStages = pipeline.stream().filter(stage -> !stage.won() && !stage.lost()).toList();
	}

	double[] numeric(LeadInput lead) {
		double[] values = new double[Feature.NUMERIC.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = value(Feature.NUMERIC[i], lead);
		}
		return values;
	}

	private double value(Feature feature, LeadInput lead) {
		var facts = lead.facts();
		return switch (feature) {
			case BUDGET -> facts.budget() == null ? Double.NaN : Math.log1p(facts.budget().doubleValue());
			case TRAVELERS -> facts.travelers() == null ? Double.NaN : Math.log(facts.travelers());
			case HAS_TRIP -> facts.tripId() != null ? 1 : 0;
			case TRIP_PRICE -> lead.tripPrice() == null ? Double.NaN : Math.log1p(lead.tripPrice().doubleValue());
			case DAYS_TO_TRAVEL -> {
				Long days = daysToTravel(lead);
				yield days == null ? Double.NaN : days;
			}
			case INBOUND_MESSAGES -> Math.log1p(lead.inboundMessages());
			case ANSWERED_QUICKLY -> answeredQuickly(lead) ? 1 : 0;
			case STAGE_REACHED -> stageReached(lead);
			case SOURCE -> throw new IllegalArgumentException("source is categorical");
		};
	}

	/** The value as a person reads it. */
	String display(Feature feature, LeadInput lead) {
		var facts = lead.facts();
		return switch (feature) {
			case BUDGET -> facts.budget() == null ? "not given" : amount(facts.budget());
			case TRAVELERS -> facts.travelers() == null ? "not given" : String.valueOf(facts.travelers());
			case HAS_TRIP -> facts.tripId() != null ? "yes" : "no";
			case TRIP_PRICE -> lead.tripPrice() == null ? "no trip" : amount(lead.tripPrice());
			case DAYS_TO_TRAVEL -> {
				Long days = daysToTravel(lead);
				yield days == null ? "no travel date" : days + " days";
			}
			case INBOUND_MESSAGES -> String.valueOf(lead.inboundMessages());
			case ANSWERED_QUICKLY -> answeredQuickly(lead) ? "yes" : "no";
			case STAGE_REACHED -> openStages.isEmpty() ? "" : openStages.get(stageReached(lead)).label();
			case SOURCE -> facts.source();
		};
	}

	/** Days from the enquiry to the travel date (the lead's own, else its trip's departure), 0 to 730. */
	@Nullable Long daysToTravel(LeadInput lead) {
		LocalDate travel = lead.facts().travelStart() != null ? lead.facts().travelStart() : lead.tripStart();
		if (travel == null) {
			return null;
		}
		long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(lead.facts().createdAt(), zone), travel);
		return Math.max(0, Math.min(730, days));
	}

	boolean answeredQuickly(LeadInput lead) {
		var facts = lead.facts();
		return facts.firstResponseAt() != null
				&& Duration.between(facts.createdAt(), facts.firstResponseAt()).compareTo(responseTarget) <= 0;
	}

	/** Index of the furthest open stage the lead has been in (0: the first stage). */
	int stageReached(LeadInput lead) {
		int reached = 0;
		for (int i = 0; i < openStages.size(); i++) {
			if (openStages.get(i).position() <= lead.facts().furthestOpenPosition()) {
				reached = i;
			}
		}
		return reached;
	}

	/** The open stage at this index, or the last one. */
	@Nullable PipelineStage openStage(int index) {
		return openStages.isEmpty() ? null : openStages.get(Math.min(index, openStages.size() - 1));
	}

	static String amount(BigDecimal value) {
		NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
		format.setMaximumFractionDigits(0);
		return format.format(value);
	}

}
