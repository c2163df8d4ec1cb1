package io.tripdesk.analytics.internal.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadAnalysis;
import io.tripdesk.leads.LeadFacts;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.PipelineStage;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.trips.TripCatalog;
import io.tripdesk.trips.TripSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The insights: each a bounded query (the top {@code items} plus the total), built only when there is
 * something to act on, so an empty list means all is well.
 */
@Service
class InsightsService {

	private final LeadAnalysis leads;

	private final LeadManagement leadManagement;

	private final TripCatalog trips;

	private final SourceConversion sources;

	private final InsightsProperties properties;

	private final AgencyProperties agency;

	InsightsService(LeadAnalysis leads, LeadManagement leadManagement, TripCatalog trips, SourceConversion sources,
			InsightsProperties properties, AgencyProperties agency) {
		this.leads = leads;
		this.leadManagement = leadManagement;
		this.trips = trips;
		this.sources = sources;
		this.properties = properties;
		this.agency = agency;
	}

	record Insights(Instant generatedAt, List<Insight> insights) {
	}

	LocalDate today() {
		return LocalDate.now(agency.timeZone());
	}

	/** The insights for {@code viewer}; {@code from}..{@code to} is the period whose source conversion is tested. */
	Insights insights(LocalDate from, LocalDate to, CurrentUser viewer) {
		Instant now = Instant.now();
		List<PipelineStage> pipeline = leadManagement.pipeline();
		List<TripSummary> upcoming = trips.upcoming(properties.tripsScanned());
		List<Insight> insights = new ArrayList<>();
		highValueNotInProposal(pipeline, upcoming, now, viewer).ifPresent(insights::add);
		waitingForReply(now, viewer).ifPresent(insights::add);
		silentAfterProposal(pipeline, now, viewer).ifPresent(insights::add);
		sourceConversionChange(from, to, viewer).ifPresent(insights::add);
		tripsFillingUp(upcoming).ifPresent(insights::add);
		tripsUnderBooked(upcoming).ifPresent(insights::add);
		insights.sort(Comparator.comparingInt(Insight::severityRank));
		return new Insights(now, insights);
	}

	private Optional<Insight> highValueNotInProposal(List<PipelineStage> pipeline, List<TripSummary> upcoming,
			Instant now, CurrentUser viewer) {
		Optional<PipelineStage> proposal = stage(pipeline, properties.highValueBefore());
		if (proposal.isEmpty()) {
			return Optional.empty();
		}
		Map<Long, BigDecimal> prices = new LinkedHashMap<>();
		upcoming.forEach(trip -> prices.put(trip.id(), trip.price()));
		LeadAnalysis.Slice slice = leads.valuableEarlyLeads(proposal.get().position(),
				now.minus(properties.highValueCreatedWithin()), properties.highValueAmount(), prices, properties.items(),
				viewer);
		if (slice.total() == 0) {
			return Optional.empty();
		}
		List<String> earlier = pipeline.stream()
			.filter(stage -> stage.position() < proposal.get().position() && !stage.won() && !stage.lost())
			.map(PipelineStage::key).toList();
		List<Insight.Item> items = slice.leads().stream().map(lead -> new Insight.Item("lead", String.valueOf(lead.id()),
				lead.name(), money(value(lead, prices)) + " · " + label(pipeline, lead.stage())
						+ (lead.travelers() == null ? "" : " · " + lead.travelers() + " travellers")
						+ (lead.score() == null ? "" : " · score " + lead.score())
						+ (lead.lastInboundAt() == null ? "" : " · last wrote " + ago(lead.lastInboundAt(), now)),
				"/leads/" + lead.id())).toList();
		BigDecimal shownValue = slice.leads().stream().map(lead -> value(lead, prices)).reduce(BigDecimal.ZERO,
				BigDecimal::add);
		return Optional.of(new Insight("high_value_not_in_proposal", "warning",
				count(slice.total(), "high-value lead") + " not in " + proposal.get().label() + " yet",
				"Leads worth " + money(properties.highValueAmount()) + " or more are still before "
						+ proposal.get().label() + ". A proposal now keeps them from cooling down.",
				"Open leads created in the last " + properties.highValueCreatedWithin().toDays()
						+ " days, in a stage before " + proposal.get().label() + ", whose value is at least "
						+ money(properties.highValueAmount()) + ". A lead's value is the largest of its expected value, "
						+ "its budget, and its travellers times the price of its trip (an open upcoming departure); the most valuable come first.",
				List.of(new Insight.Evidence("Leads", String.valueOf(slice.total())),
						new Insight.Evidence("Value of the top " + slice.leads().size(), money(shownValue)),
						new Insight.Evidence("Threshold", money(properties.highValueAmount()))),
				items, new Insight.Action("Open these stages", "/leads?stage=" + String.join(",", earlier))));
	}

	private Optional<Insight> waitingForReply(Instant now, CurrentUser viewer) {
		Duration target = agency.responseTimeTarget();
		LeadAnalysis.Slice slice = leads.awaitingReply(now.minus(target), properties.items(), viewer);
		if (slice.total() == 0) {
			return Optional.empty();
		}
		Duration longest = Duration.between(slice.leads().get(0).awaitingReplySince(), now);
		boolean critical = longest.compareTo(target.multipliedBy(properties.waitingCriticalFactor())) >= 0;
		List<Insight.Item> items = slice.leads().stream().map(lead -> new Insight.Item("lead", String.valueOf(lead.id()),
				lead.name(), "waiting " + duration(Duration.between(lead.awaitingReplySince(), now))
						+ (lead.assignedTo() == null ? " · unassigned" : ""),
				"/inbox/" + lead.id())).toList();
		return Optional.of(new Insight("waiting_for_reply", critical ? "critical" : "warning",
				count(slice.total(), "customer") + " waiting for a reply",
				"The longest has waited " + duration(longest) + ", against a target of " + duration(target) + ".",
				"Customers who wrote after the agency's last reply by a person and have waited longer than the "
						+ "response-time target (" + duration(target) + "), the longest wait first. Automated and template "
						+ "messages do not count as a reply. Critical when someone has waited "
						+ properties.waitingCriticalFactor() + " times the target.",
				List.of(new Insight.Evidence("Waiting", String.valueOf(slice.total())),
						new Insight.Evidence("Longest wait", duration(longest)),
						new Insight.Evidence("Target", duration(target))),
				items, new Insight.Action("Open the inbox", "/inbox")));
	}

	private Optional<Insight> silentAfterProposal(List<PipelineStage> pipeline, Instant now, CurrentUser viewer) {
		List<String> stages = properties.silentStages().stream().filter(key -> stage(pipeline, key).isPresent()).toList();
		LeadAnalysis.Slice slice = leads.silentSince(stages, now.minus(properties.silentAfter()), properties.items(),
				viewer);
		if (slice.total() == 0) {
			return Optional.empty();
		}
		long days = properties.silentAfter().toDays();
		List<Insight.Item> items = slice.leads().stream().map(lead -> {
			Instant since = lead.lastInboundAt() != null && lead.lastInboundAt().isAfter(lead.stageChangedAt())
					? lead.lastInboundAt() : lead.stageChangedAt();
			return new Insight.Item("lead", String.valueOf(lead.id()), lead.name(),
					label(pipeline, lead.stage()) + " · silent for " + duration(Duration.between(since, now))
							+ (lead.lastInboundAt() == null ? " · never wrote" : ""),
					"/leads/" + lead.id());
		}).toList();
		String stageLabels = String.join(" or ", stages.stream().map(key -> label(pipeline, key)).toList());
		return Optional.of(new Insight("silent_after_proposal", "warning",
				count(slice.total(), "lead") + " silent after a proposal",
				"No message from these customers for " + days + " days or more while in " + stageLabels
						+ ". A follow-up may save the deal.",
				"Leads in " + stageLabels + " that entered the stage more than " + days + " days ago and whose customer "
						+ "has not written in the last " + days + " days (a customer who never wrote counts from the day "
						+ "the lead entered the stage), the longest silence first.",
				List.of(new Insight.Evidence("Leads", String.valueOf(slice.total())),
						new Insight.Evidence("Silent for at least", days + " days")),
				items, new Insight.Action("Open these leads", "/leads?stage=" + String.join(",", stages))));
	}

	private Optional<Insight> sourceConversionChange(LocalDate from, LocalDate to, CurrentUser viewer) {
		long days = ChronoUnit.DAYS.between(from, to) + 1;
		LocalDate previousFrom = from.minusDays(days);
		List<SourceConversion.Change> changes = sources.counts(from, to, previousFrom, viewer).stream()
			.map(counts -> SourceConversion.significantChange(counts, properties.conversionMinDecided(),
					properties.conversionSignificance()))
			.filter(java.util.Objects::nonNull)
			.sorted(Comparator.comparingDouble(change -> -Math.abs(change.z())))
			.toList();
		if (changes.isEmpty()) {
			return Optional.empty();
		}
		boolean anyDrop = changes.stream().anyMatch(change -> change.z() < 0);
		List<Insight.Item> items = changes.stream().limit(properties.items()).map(change -> {
			var c = change.counts();
			return new Insight.Item("source", c.source(), c.source(),
					percent(c.previousRate()) + " → " + percent(c.rate()) + " (" + c.previousWon() + " of "
							+ c.previousDecided() + " → " + c.won() + " of " + c.decided() + "; z = "
							+ String.format(Locale.ROOT, "%.2f", change.z()) + ", p = "
							+ String.format(Locale.ROOT, "%.3f", change.p()) + ")",
					"/leads?source=" + c.source());
		}).toList();
		List<Insight.Evidence> evidence = new ArrayList<>();
		evidence.add(new Insight.Evidence("Period", from + " – " + to));
		evidence.add(new Insight.Evidence("Compared with", previousFrom + " – " + from.minusDays(1)));
		changes.stream().limit(properties.items()).forEach(change -> evidence.add(new Insight.Evidence(
				change.counts().source(), percent(change.counts().previousRate()) + " → " + percent(change.counts().rate()))));
		var first = changes.get(0).counts();
		return Optional.of(new Insight("source_conversion_change", anyDrop ? "warning" : "info",
				changes.size() == 1 ? "Conversion from " + first.source() + (changes.get(0).z() < 0 ? " dropped" : " rose")
						: "Conversion changed for " + changes.size() + " sources",
				"The share of decided leads that were won changed more than chance explains against the previous "
						+ days + " days.",
				"For each source, the win rate (won ÷ (won + lost)) of leads decided in the period is compared with the "
						+ "previous period of the same length by a two-proportion z-test: z = (p₁ − p₀) / √(p(1 − p)(1/n₁ + "
						+ "1/n₀)), with p the pooled rate. A source is shown when both periods have at least "
						+ properties.conversionMinDecided() + " decided leads and the two-sided p-value is below "
						+ properties.conversionSignificance() + ".",
				evidence, items, new Insight.Action("Open leads from " + first.source(), "/leads?source=" + first.source())));
	}

	private Optional<Insight> tripsFillingUp(List<TripSummary> upcoming) {
		List<TripSummary> filling = upcoming.stream()
			.filter(trip -> trip.capacity() > 0 && share(trip) >= properties.tripFillingShare())
			.sorted(Comparator.comparingDouble((TripSummary trip) -> -share(trip)).thenComparing(TripSummary::startDate))
			.toList();
		if (filling.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Insight("trip_filling_up", "info", count(filling.size(), "departure") + " filling up",
				"Few seats are left: tell interested leads now, or add capacity.",
				"Open departures from today on with at least " + percent(properties.tripFillingShare())
						+ " of their seats booked by confirmed bookings, the fullest first.",
				List.of(new Insight.Evidence("Departures", String.valueOf(filling.size())),
						new Insight.Evidence("Threshold", percent(properties.tripFillingShare()) + " booked")),
				filling.stream().limit(properties.items()).map(this::tripItem).toList(),
				new Insight.Action("Open trips", "/trips")));
	}

	private Optional<Insight> tripsUnderBooked(List<TripSummary> upcoming) {
		LocalDate until = today().plusDays(properties.tripUnderBookedWithinDays());
		List<TripSummary> under = upcoming.stream()
			.filter(trip -> !trip.startDate().isAfter(until) && trip.capacity() > 0
					&& share(trip) < properties.tripUnderBookedShare())
			.toList();
		if (under.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Insight("trip_under_booked", "warning",
				count(under.size(), "departure") + " under-booked",
				"Leaving within " + properties.tripUnderBookedWithinDays() + " days with less than "
						+ percent(properties.tripUnderBookedShare()) + " of the seats booked.",
				"Open departures leaving in the next " + properties.tripUnderBookedWithinDays()
						+ " days with less than " + percent(properties.tripUnderBookedShare())
						+ " of their seats booked by confirmed bookings, the soonest first.",
				List.of(new Insight.Evidence("Departures", String.valueOf(under.size())),
						new Insight.Evidence("Seats left", String.valueOf(under.stream().mapToInt(TripSummary::seatsLeft).sum()))),
				under.stream().limit(properties.items()).map(this::tripItem).toList(),
				new Insight.Action("Open trips", "/trips")));
	}

	private Insight.Item tripItem(TripSummary trip) {
		return new Insight.Item("trip", String.valueOf(trip.id()), trip.title(),
				trip.seatsBooked() + " of " + trip.capacity() + " seats booked (" + percent(share(trip)) + ") · departs "
						+ trip.startDate(),
				"/trips/" + trip.id());
	}

	private static double share(TripSummary trip) {
		return trip.capacity() == 0 ? 0 : (double) trip.seatsBooked() / trip.capacity();
	}

	/** The same value the leads query ranks by. */
	private static BigDecimal value(LeadFacts lead, Map<Long, BigDecimal> prices) {
		BigDecimal value = BigDecimal.ZERO;
		BigDecimal price = lead.tripId() == null ? null : prices.get(lead.tripId());
		BigDecimal byTrip = price == null ? null : price.multiply(BigDecimal.valueOf(lead.travelers() == null ? 1 : lead.travelers()));
		for (BigDecimal candidate : java.util.Arrays.asList(lead.expectedValue(), lead.budget(), byTrip)) {
			if (candidate != null && candidate.compareTo(value) > 0) {
				value = candidate;
			}
		}
		return value;
	}

	private static Optional<PipelineStage> stage(List<PipelineStage> pipeline, String key) {
		return pipeline.stream().filter(stage -> stage.key().equals(key)).findFirst();
	}

	private static String label(List<PipelineStage> pipeline, String key) {
		return stage(pipeline, key).map(PipelineStage::label).orElse(key);
	}

	private String money(BigDecimal amount) {
		NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
		format.setMaximumFractionDigits(0);
		return format.format(amount.setScale(0, RoundingMode.HALF_UP)) + " " + agency.currency();
	}

	private static String percent(double share) {
		return Math.round(share * 100) + " %";
	}

	private static String count(long count, String noun) {
		return count + " " + noun + (count == 1 ? "" : "s");
	}

	private static String ago(Instant at, Instant now) {
		return duration(Duration.between(at, now)) + " ago";
	}

	/** "3 days", "5 h 12 min", "14 min". */
	static String duration(@Nullable Duration duration) {
		if (duration == null || duration.isNegative()) {
			return "0 min";
		}
		if (duration.toDays() >= 2) {
			return duration.toDays() + " days";
		}
		if (duration.toHours() >= 1) {
			return duration.toHours() + " h " + duration.toMinutesPart() + " min";
		}
		return duration.toMinutes() + " min";
	}

}
