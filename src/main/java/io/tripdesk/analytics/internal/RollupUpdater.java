package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.tripdesk.leads.AdReferral;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.leads.LeadDeleted;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadStageChanged;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.leads.LeadUpdated;
import io.tripdesk.leads.LeadWithReferral;
import io.tripdesk.leads.PipelineStage;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.trips.BookingCancelled;
import io.tripdesk.trips.BookingConfirmed;
import io.tripdesk.whatsapp.MessageReceived;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import io.tripdesk.whatsapp.MessagesReceived;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the rollups current from the other modules' domain events, after they commit. A lead's
 * dimensions are copied from the lead as it is now, so events handled late or twice still end right;
 * counted activity is keyed by its event, so a redelivery counts once.
 */
@Component
class RollupUpdater {

	/** The statuses that tell analytics something: a message written, delivered, read (or played). */
	private static final Set<String> NOTED_STATUSES = Set.of("queued", "delivered", "read", "played");

	private final RollupStore rollups;

	private final LeadManagement leads;

	private final AgencyProperties agency;

	private final MetricsAnnouncer announcer;

	private final ResponseTimes responseTimes;

	RollupUpdater(RollupStore rollups, LeadManagement leads, AgencyProperties agency, MetricsAnnouncer announcer,
			ResponseTimes responseTimes) {
		this.rollups = rollups;
		this.leads = leads;
		this.agency = agency;
		this.announcer = announcer;
		this.responseTimes = responseTimes;
	}

	@ApplicationModuleListener
	void on(LeadCreated event) {
		syncLead(event.leadId());
	}

	@ApplicationModuleListener
	void on(LeadUpdated event) {
		syncLead(event.leadId());
	}

	@ApplicationModuleListener
	void on(LeadAssigned event) {
		syncLead(event.leadId());
	}

	@ApplicationModuleListener
	void on(LeadDeleted event) {
		syncLead(event.leadId());
	}

	@ApplicationModuleListener
	void on(LeadStageChanged event) {
		RollupStore.LeadDimensions lead = syncLead(event.leadId(), event.fromStage(), event.toStage()).orElse(null);
		if (lead != null && (event.won() || event.lost()) && rollups.firstTime(key(event))) {
			rollups.addActivity(lead, day(event.at()), event.won() ? "won" : "lost", BigDecimal.ONE);
		}
	}

	/**
	 * Customers wrote: each message counted once, the leads' copies brought in line (a message may have added
	 * the lead's ad referral, its first touch, which has no event of its own) and their conversations
	 * recomputed, a few statements for the whole batch. Reactions count for nothing.
	 */
	@ApplicationModuleListener
	void on(MessagesReceived event) {
		List<MessageReceived> messages = event.messages().stream()
			.filter(message -> !message.messageType().equals("reaction")).toList();
		if (messages.isEmpty()) {
			return;
		}
		Map<Long, RollupStore.LeadDimensions> leads = syncLeads(
				messages.stream().map(MessageReceived::leadId).collect(Collectors.toCollection(TreeSet::new)));
		List<MessageReceived> known = messages.stream().filter(message -> leads.containsKey(message.leadId())).toList();
		Set<Long> fresh = rollups.recordInbound(known.stream()
			.map(message -> new RollupStore.InboundMessage(message.leadId(), message.messageId(), message.at())).toList());
		rollups.addActivities(known.stream().filter(message -> fresh.contains(message.messageId()))
			.map(message -> new RollupStore.ActivityDelta(leads.get(message.leadId()), day(message.at()), "messages_in",
					BigDecimal.ONE))
			.toList());
		recomputeConversations(leads.values());
		announcer.changed();
	}

	/**
	 * The agency's messages moved forward: a queued one counts as sent (once) and is noted as written, a
	 * delivered or read one is noted so; the leads' conversations are then recomputed, a few statements for
	 * the whole batch.
	 */
	@ApplicationModuleListener
	void on(MessageStatusesChanged event) {
		List<MessageStatusChanged> changes = event.changes().stream()
			.filter(change -> NOTED_STATUSES.contains(change.status())).toList();
		if (changes.isEmpty()) {
			return;
		}
		Set<Long> leadIds = changes.stream().map(MessageStatusChanged::leadId).collect(Collectors.toCollection(TreeSet::new));
		Map<Long, RollupStore.LeadDimensions> leads = new HashMap<>(rollups.lockLeads(leadIds));
		Set<Long> unknown = new TreeSet<>(leadIds);
		unknown.removeAll(leads.keySet());
		if (!unknown.isEmpty()) {
			leads.putAll(syncLeads(unknown));
		}
		List<RollupStore.OutboundNote> notes = new ArrayList<>();
		for (MessageStatusChanged change : changes) {
			if (!leads.containsKey(change.leadId())) {
				continue;
			}
			boolean queued = change.status().equals("queued");
			boolean read = change.status().equals("read") || change.status().equals("played");
			if (queued) {
				count(change.leadId(), key(change), change.at(), "messages_out", BigDecimal.ONE);
			}
			notes.add(new RollupStore.OutboundNote(change.leadId(), change.messageId(), queued ? change.at() : null,
					change.byPerson(), read || change.status().equals("delivered"), read));
		}
		if (!notes.isEmpty()) {
			rollups.recordOutbound(notes);
			recomputeConversations(notes.stream().map(note -> leads.get(note.leadId())).distinct().toList());
			announcer.changed();
		}
	}

	@ApplicationModuleListener
	void on(BookingConfirmed event) {
		String key = key(event);
		count(event.leadId(), key, event.at(), "revenue", event.amount());
		count(event.leadId(), key + ":count", event.at(), "bookings", BigDecimal.ONE);
		booking(event.leadId(), key + ":lead", event.amount(), 1);
	}

	@ApplicationModuleListener
	void on(BookingCancelled event) {
		if (event.wasConfirmed() && event.confirmedAt() != null) {
			String key = key(event);
			count(event.leadId(), key, event.confirmedAt(), "revenue", event.amount().negate());
			count(event.leadId(), key + ":count", event.confirmedAt(), "bookings", BigDecimal.ONE.negate());
			booking(event.leadId(), key + ":lead", event.amount().negate(), -1);
		}
	}

	/**
	 * Brings the rollups' copy of a lead in line with the lead; returns its dimensions now (none: deleted).
	 * {@code stagesSeen} are stages a stage change just passed through, for the furthest stage reached.
	 */
	private Optional<RollupStore.LeadDimensions> syncLead(long leadId, String... stagesSeen) {
		return Optional.ofNullable(syncLeads(List.of(leadId), stagesSeen).get(leadId));
	}

	/** Brings the rollups' copies of the leads in line with them; returns the dimensions of those that exist. */
	private Map<Long, RollupStore.LeadDimensions> syncLeads(Collection<Long> leadIds, String... stagesSeen) {
		Map<Long, RollupStore.LeadDimensions> before = rollups.lockLeads(leadIds);
		List<PipelineStage> pipeline = leads.pipeline();
		Map<Long, LeadWithReferral> current = leads.findAll(leadIds);
		Map<Long, RollupStore.LeadDimensions> after = new HashMap<>();
		for (long leadId : leadIds) {
			Optional<RollupStore.LeadDimensions> old = Optional.ofNullable(before.get(leadId));
			Optional<RollupStore.LeadDimensions> now = Optional.ofNullable(current.get(leadId))
				.map(found -> dimensions(found, pipeline, old, stagesSeen));
			rollups.moveLead(old, now);
			now.ifPresent(dimensions -> after.put(leadId, dimensions));
		}
		announcer.changed();
		return after;
	}

	private RollupStore.LeadDimensions dimensions(LeadWithReferral found, List<PipelineStage> pipeline,
			Optional<RollupStore.LeadDimensions> before, String... stagesSeen) {
		LeadSummary lead = found.lead();
		AdReferral ad = found.referral();
		List<String> seen = new ArrayList<>(List.of(stagesSeen));
		seen.add(lead.stage());
		before.ifPresent(old -> seen.add(old.reachedStage()));
		return new RollupStore.LeadDimensions(lead.id(), day(lead.createdAt()), lead.source(),
				lead.assignedTo() == null ? 0 : lead.assignedTo(), lead.tripId() == null ? 0 : lead.tripId(), lead.stage(),
				pipeline.stream().anyMatch(stage -> stage.won() && stage.key().equals(lead.stage())),
				lead.expectedValue() == null ? BigDecimal.ZERO : lead.expectedValue(),
				ad == null || ad.sourceId() == null ? "" : ad.sourceId(), ad == null ? null : ad.headline(),
				ad == null ? null : ad.sourceUrl(), furthest(pipeline, seen),
				before.map(RollupStore.LeadDimensions::revenue).orElse(BigDecimal.ZERO),
				before.map(RollupStore.LeadDimensions::bookings).orElse(0L));
	}

	/** The furthest open or won stage among those seen (by position, then key); the first stage if none. */
	private static String furthest(List<PipelineStage> pipeline, List<String> seen) {
		Comparator<PipelineStage> order = Comparator.comparingInt(PipelineStage::position)
			.thenComparing(PipelineStage::key);
		List<PipelineStage> open = pipeline.stream().filter(stage -> !stage.lost()).sorted(order).toList();
		return open.stream().filter(stage -> seen.contains(stage.key())).max(order)
			.or(() -> open.stream().findFirst()).map(PipelineStage::key).orElse("");
	}

	/** Keeps the lead's total bookings for attribution, once per event. */
	private void booking(long leadId, String eventKey, BigDecimal amount, long count) {
		if (rollups.firstTime(eventKey)) {
			rollups.lockLead(leadId).ifPresent(lead -> rollups.addBooking(lead, amount, count));
		}
	}

	private void recomputeConversations(Collection<RollupStore.LeadDimensions> leads) {
		Map<Long, List<ConversationFigures.Message>> messages = rollups.messagesOf(
				leads.stream().map(RollupStore.LeadDimensions::leadId).toList());
		Map<RollupStore.LeadDimensions, ConversationFigures> figures = new HashMap<>();
		for (RollupStore.LeadDimensions lead : leads) {
			figures.put(lead, ConversationFigures.of(messages.getOrDefault(lead.leadId(), List.of()), responseTimes));
		}
		rollups.replaceConversations(figures);
	}

	private void count(long leadId, String eventKey, Instant at, String metric, BigDecimal amount) {
		if (!rollups.firstTime(eventKey)) {
			return;
		}
		Optional<RollupStore.LeadDimensions> lead = rollups.lockLead(leadId);
		if (lead.isEmpty()) {
			lead = syncLead(leadId);
		}
		lead.ifPresent(dimensions -> rollups.addActivity(dimensions, day(at), metric, amount));
		announcer.changed();
	}

	private LocalDate day(Instant at) {
		return LocalDate.ofInstant(at, agency.timeZone());
	}

	/** Records print all their values, so a redelivered event has the same key. */
	private static String key(Record event) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return event.getClass().getSimpleName() + ":" + java.util.HexFormat.of().formatHex(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
