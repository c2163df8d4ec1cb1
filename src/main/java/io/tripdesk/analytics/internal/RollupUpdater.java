package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.leads.LeadDeleted;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadStageChanged;
import io.tripdesk.leads.LeadUpdated;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.trips.BookingCancelled;
import io.tripdesk.trips.BookingConfirmed;
import io.tripdesk.whatsapp.MessageReceived;
import io.tripdesk.whatsapp.MessageStatusChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the rollups current from the other modules' domain events, after they commit. A lead's
 * dimensions are copied from the lead as it is now, so events handled late or twice still end right;
 * counted activity is keyed by its event, so a redelivery counts once.
 */
@Component
class RollupUpdater {

	private final RollupStore rollups;

	private final LeadManagement leads;

	private final AgencyProperties agency;

	private final MetricsAnnouncer announcer;

	RollupUpdater(RollupStore rollups, LeadManagement leads, AgencyProperties agency, MetricsAnnouncer announcer) {
		this.rollups = rollups;
		this.leads = leads;
		this.agency = agency;
		this.announcer = announcer;
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
		RollupStore.LeadDimensions lead = syncLead(event.leadId()).orElse(null);
		if (lead != null && (event.won() || event.lost()) && rollups.firstTime(key(event))) {
			rollups.addActivity(lead, day(event.at()), event.won() ? "won" : "lost", BigDecimal.ONE);
		}
	}

	@ApplicationModuleListener
	void on(MessageReceived event) {
		if (!event.messageType().equals("reaction")) {
			count(event.leadId(), key(event), event.at(), "messages_in", BigDecimal.ONE);
		}
	}

	@ApplicationModuleListener
	void on(MessageStatusChanged event) {
		if (event.status().equals("queued")) {
			count(event.leadId(), key(event), event.at(), "messages_out", BigDecimal.ONE);
		}
	}

	@ApplicationModuleListener
	void on(BookingConfirmed event) {
		String key = key(event);
		count(event.leadId(), key, event.at(), "revenue", event.amount());
		count(event.leadId(), key + ":count", event.at(), "bookings", BigDecimal.ONE);
	}

	@ApplicationModuleListener
	void on(BookingCancelled event) {
		if (event.wasConfirmed() && event.confirmedAt() != null) {
			String key = key(event);
			count(event.leadId(), key, event.confirmedAt(), "revenue", event.amount().negate());
			count(event.leadId(), key + ":count", event.confirmedAt(), "bookings", BigDecimal.ONE.negate());
		}
	}

	/** Brings the rollups' copy of a lead in line with the lead; returns its dimensions now (none: deleted). */
	private Optional<RollupStore.LeadDimensions> syncLead(long leadId) {
		Optional<RollupStore.LeadDimensions> before = rollups.lockLead(leadId);
		Optional<RollupStore.LeadDimensions> after = leads.find(leadId, CurrentUser.system())
			.map(lead -> new RollupStore.LeadDimensions(lead.id(), day(lead.createdAt()), lead.source(),
					lead.assignedTo() == null ? 0 : lead.assignedTo(), lead.tripId() == null ? 0 : lead.tripId(),
					lead.stage(), lead.expectedValue() == null ? BigDecimal.ZERO : lead.expectedValue()));
		rollups.moveLead(before, after);
		announcer.changed();
		return after;
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
