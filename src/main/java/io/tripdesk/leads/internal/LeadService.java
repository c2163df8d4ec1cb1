package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.UserDirectory;
import io.tripdesk.identity.UserSummary;
import io.tripdesk.leads.AdReferral;
import io.tripdesk.leads.LeadAssigned;
import io.tripdesk.leads.LeadCreated;
import io.tripdesk.leads.LeadDeleted;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadStageChanged;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.leads.LeadUpdated;
import io.tripdesk.leads.LeadWithReferral;
import io.tripdesk.leads.PipelineStage;
import io.tripdesk.leads.ResolvedContact;
import io.tripdesk.leads.TimelineEntry;
import io.tripdesk.leads.WhatsAppContact;
import io.tripdesk.shared.AgencyProperties;
import io.tripdesk.shared.web.FieldMessage;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.Submitted;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class LeadService implements LeadManagement {

	private static final Logger log = LoggerFactory.getLogger(LeadService.class);

	private final LeadRepository leads;

	private final StageRepository stages;

	private final LeadEventRepository events;

	private final PhoneNumbers phones;

	private final UserDirectory users;

	private final AuditLog auditLog;

	private final ApplicationEventPublisher publisher;

	private final AgencyProperties agency;

	LeadService(LeadRepository leads, StageRepository stages, LeadEventRepository events,
			PhoneNumbers phones, UserDirectory users, AuditLog auditLog, ApplicationEventPublisher publisher,
			AgencyProperties agency) {
		this.leads = leads;
		this.stages = stages;
		this.events = events;
		this.phones = phones;
		this.users = users;
		this.auditLog = auditLog;
		this.publisher = publisher;
		this.agency = agency;
	}

	// What other modules use

	@Override
	public List<PipelineStage> pipeline() {
		return stages.findAll().stream()
			.map(stage -> new PipelineStage(stage.key(), stage.label(), stage.position(), stage.isWon(), stage.isLost()))
			.toList();
	}

	@Override
	public Map<String, String> sources() {
		Map<String, String> sources = new LinkedHashMap<>();
		for (LeadSource source : LeadSource.values()) {
			sources.put(source.key(), source.label());
		}
		return sources;
	}

	@Override
	public Optional<LeadSummary> find(long leadId, CurrentUser actor) {
		return leads.findById(leadId).filter(lead -> actor.mayWorkOn(lead.assignedTo())).map(Lead::toSummary);
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<LeadSummary> findForUpdate(long leadId, CurrentUser actor) {
		return leads.findByIdForUpdate(leadId).filter(lead -> actor.mayWorkOn(lead.assignedTo())).map(Lead::toSummary);
	}

	@Override
	public LeadSummary get(long leadId, CurrentUser actor) {
		return visible(leadId, actor).toSummary();
	}

	@Override
	public Map<Long, LeadWithReferral> findAll(Collection<Long> ids) {
		Map<Long, LeadWithReferral> found = new LinkedHashMap<>();
		for (Lead lead : leads.findAllById(ids)) {
			found.put(lead.id(), new LeadWithReferral(lead.toSummary(), lead.referral()));
		}
		return found;
	}

	@Override
	@Transactional
	public List<ResolvedContact> resolveWhatsAppContacts(List<WhatsAppContact> contacts) {
		// Most messages come from known customers, found by their WhatsApp identity, all in one query; a number
		// is parsed only when it can still matter (libphonenumber's parse was a tenth of the inbox's time).
		WhatsAppCustomers customers = new WhatsAppCustomers(leads.findByWhatsAppIdentitiesForUpdate(
				contacts.stream().map(WhatsAppContact::waUserId).filter(Objects::nonNull).collect(Collectors.toSet()),
				contacts.stream().map(WhatsAppContact::waId).filter(Objects::nonNull).collect(Collectors.toSet())));
		List<@Nullable String> phoneNumbers = new ArrayList<>(contacts.size());
		for (WhatsAppContact contact : contacts) {
			boolean phoneKnown = customers.byIdentity(contact).filter(lead -> lead.phone() != null).isPresent();
			phoneNumbers.add(contact.waId() == null || phoneKnown ? null : phones.fromWaId(contact.waId()).orElse(null));
		}
		List<String> unmatched = new ArrayList<>();
		for (int i = 0; i < contacts.size(); i++) {
			if (phoneNumbers.get(i) != null && customers.byIdentity(contacts.get(i)).isEmpty()) {
				unmatched.add(phoneNumbers.get(i));
			}
		}
		if (!unmatched.isEmpty()) {
			leads.findByPhonesForUpdate(unmatched).forEach(customers::put);
		}
		List<ResolvedContact> resolved = new ArrayList<>(contacts.size());
		for (int i = 0; i < contacts.size(); i++) {
			WhatsAppContact contact = contacts.get(i);
			String phone = phoneNumbers.get(i);
			Optional<Lead> existing = customers.byIdentity(contact).or(() -> customers.byPhone(phone));
			if (existing.isEmpty()) {
				Match created = createWhatsAppLead(contact, phone);
				customers.put(created.lead());
				resolved.add(new ResolvedContact(created.lead().toSummary(), created.created()));
				continue;
			}
			Lead lead = existing.get();
			if (addsToIdentity(lead, contact, phone)) {
				leads.completeWhatsAppIdentity(lead.id(), contact.waId(), contact.waUserId(), contact.username(), phone,
						contact.referral());
				lead = leads.findById(lead.id()).orElseThrow();
				customers.put(lead);
			}
			resolved.add(new ResolvedContact(lead.toSummary(), false));
		}
		return resolved;
	}

	private record Match(Lead lead, boolean created) {
	}

	private Match createWhatsAppLead(WhatsAppContact contact, @Nullable String phone) {
		AdReferral referral = contact.referral();
		String source = (referral != null ? LeadSource.WHATSAPP_AD : LeadSource.WHATSAPP).key();
		NewLead lead = new NewLead(displayName(contact), phone, contact.waId(), contact.waUserId(), contact.username(),
				null, source, stages.initial().key(), null, null, null, null, null, null, null, null, List.of(), null,
				null, referral, contact.seenAt());
		Optional<Long> id = leads.insert(lead);
		if (id.isEmpty()) {
			// Another transaction created this customer's lead a moment ago: use it.
			WhatsAppCustomers other = new WhatsAppCustomers(leads.findByWhatsAppIdentitiesForUpdate(
					contact.waUserId() == null ? Set.of() : Set.of(contact.waUserId()),
					contact.waId() == null ? Set.of() : Set.of(contact.waId())));
			if (phone != null) {
				leads.findByPhonesForUpdate(Set.of(phone)).forEach(other::put);
			}
			return new Match(other.byIdentity(contact).or(() -> other.byPhone(phone))
				.orElseThrow(() -> new IllegalStateException("Lead insert conflicted but no lead matches")), false);
		}
		Lead created = leads.findById(id.get()).orElseThrow();
		afterCreate(created, CurrentUser.system(), Map.of("source", source, "via", "whatsapp"));
		return new Match(created, true);
	}

	/**
	 * Whether the contact fills in what the lead lacks ({@link LeadRepository#completeWhatsAppIdentity}): a
	 * message from a customer already known changes nothing, and writing the lead row (a new version in
	 * each of its indexes) would cost as much as a change.
	 */
	private static boolean addsToIdentity(Lead lead, WhatsAppContact contact, @Nullable String phone) {
		return contact.referral() != null || (contact.waId() != null && lead.waId() == null)
				|| (contact.waUserId() != null && lead.waUserId() == null)
				|| (contact.username() != null && !contact.username().equals(lead.waUsername()))
				|| (phone != null && lead.phone() == null);
	}

	@Override
	@Transactional
	public void recordInbound(Map<Long, Instant> lastInboundByLead) {
		if (!lastInboundByLead.isEmpty()) {
			leads.recordInbound(lastInboundByLead);
		}
	}

	@Override
	@Transactional
	public void recordOutbound(long leadId, Instant at, boolean byPerson) {
		leads.recordOutbound(leadId, at, byPerson);
	}

	@Override
	@Transactional
	public void addEvent(long leadId, LeadEventType type, Map<String, ?> payload, CurrentUser actor) {
		events.insert(leadId, type, payload, actor.id());
	}

	@Override
	@Transactional
	public void addEvents(List<TimelineEntry> entries, CurrentUser actor) {
		events.insertAll(entries, actor.id());
	}

	@Override
	@Transactional
	public void markWon(long leadId, CurrentUser actor, String note) {
		Lead lead = leads.findByIdForUpdate(leadId).orElseThrow(() -> ProblemException.notFound("Lead", leadId));
		Stage won = stages.won();
		if (!lead.stage().equals(won.key())) {
			moveToStage(lead, won, note, actor);
		}
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public int clearTrip(long tripId, String tripCode, CurrentUser actor) {
		List<Lead> interested = leads.findByTripForUpdate(tripId);
		if (interested.isEmpty()) {
			return 0;
		}
		leads.clearTrip(tripId);
		Map<Long, Lead> cleared = leads.findAllById(interested.stream().map(Lead::id).toList()).stream()
			.collect(Collectors.toMap(Lead::id, lead -> lead));
		Instant now = Instant.now();
		List<TimelineEntry> timeline = new ArrayList<>(interested.size());
		for (Lead before : interested) {
			auditLog.record(actor, "lead", before.id(), "clear_trip", before.toView(), cleared.get(before.id()).toView());
			timeline.add(new TimelineEntry(before.id(), LeadEventType.UPDATED,
					Map.of("fields", List.of("trip_id"), "reason", "trip_deleted", "trip_id", tripId, "trip_code", tripCode)));
			publisher.publishEvent(new LeadUpdated(before.id(), Set.of("trip_id"), before.assignedTo(), actor.id(), now));
		}
		events.insertAll(timeline, actor.id());
		log.info("Trip cleared from its leads tripId={} leads={}", tripId, interested.size());
		return interested.size();
	}

	@Override
	@Transactional
	public void updateScores(Map<Long, Integer> scores) {
		leads.updateScores(scores);
	}

	// What the API offers

	PageResponse<LeadView> list(LeadListQuery.Filters filters, PageQuery page, CurrentUser actor) {
		LeadListQuery query = LeadListQuery.of(filters, actor, stages.findAll(), agency.timeZone(), leads::searchWords);
		long count;
		List<Lead> rows;
		if (query.searchesTermsAlone()) {
			count = countTerms(query, LeadListQuery.SEARCH_COUNT_LIMIT + 1).leads();
			rows = count <= LeadListQuery.SEARCH_COUNT_LIMIT ? termPage(query, page) : commonTermPage(query, page);
		}
		else {
			if (query.searches()) {
				Long[] matching = leads.ids(query.matchesSql(), query.params());
				query.matched(matching);
				count = matching.length;
			}
			else {
				count = leads.count(query.countSql(), query.params());
			}
			rows = leads.query(query.selectSql(LeadRepository.COLUMNS, page, count), query.params());
		}
		rows = new ArrayList<>(rows);
		boolean more = rows.size() > page.pageSize();
		if (more) {
			rows.remove(rows.size() - 1);
		}
		if (query.backwards()) {
			Collections.reverse(rows);
		}
		// Reading backwards, "more" means more before; a cursor or a page number past 1 means rows before.
		boolean hasNext = query.backwards() || more;
		boolean hasPrevious = query.backwards() ? more : query.fromCursor() || page.page() > 1;
		String next = hasNext && !rows.isEmpty() ? query.cursorAt(rows.get(rows.size() - 1), false) : null;
		String previous = hasPrevious && !rows.isEmpty() ? query.cursorAt(rows.get(0), true) : null;
		boolean capped = !query.countsExactly() && count > query.countLimit();
		return PageResponse.withCursors(rows.stream().map(Lead::toView).toList(), capped ? query.countLimit() : count,
				capped, next, previous);
	}

	/**
	 * A search's entries counted up to {@code limit}, and its leads; read on while the entries may be fewer
	 * leads than the search counts (a lead found twice).
	 */
	private LeadRepository.TermsCounted countTerms(LeadListQuery query, long limit) {
		LeadRepository.TermsCounted counted = leads.termsCounted(query.termCountSql(limit), query.params());
		while (counted.entries() == limit && counted.leads() <= LeadListQuery.SEARCH_COUNT_LIMIT) {
			limit *= 4;
			counted = leads.termsCounted(query.termCountSql(limit), query.params());
		}
		return counted;
	}

	/** A search's page from its entries in lead_search_term's index, when they are few enough to sort. */
	private List<Lead> termPage(LeadListQuery query, PageQuery page) {
		Long[] ids = leads.ids(query.termPageSql(page), query.params());
		return leads.query(query.pageOfSql(LeadRepository.COLUMNS, ids), query.params());
	}

	/**
	 * A common search's page: merged from its terms' newest entries, or walked down the creation index; see
	 * {@link LeadListQuery#WALK_BUDGET}.
	 */
	private List<Lead> commonTermPage(LeadListQuery query, PageQuery page) {
		if (query.mergesTerms()) {
			Optional<Long[]> merged = leads.optionalIds(query.termMergeSql(page), query.params());
			if (merged.isPresent()) {
				return leads.query(query.pageOfSql(LeadRepository.COLUMNS, merged.get()), query.params());
			}
		}
		List<Lead> rows = leads.query(query.termWalkSql(LeadRepository.COLUMNS, page, true), query.params());
		if (rows.size() > page.pageSize()) {
			return rows;
		}
		// Not a whole page within the walk's budget: few matches among the newest leads, or a deep page.
		if (countTerms(query, LeadListQuery.TERM_ENTRIES_SORTED + 1).entries() <= LeadListQuery.TERM_ENTRIES_SORTED) {
			return termPage(query, page);
		}
		return leads.query(query.termWalkSql(LeadRepository.COLUMNS, page, false), query.params());
	}

	LeadView view(long id, CurrentUser actor) {
		return visible(id, actor).toView();
	}

	@Transactional
	LeadView create(Submitted<LeadRequest> input, CurrentUser actor) {
		input.require("name");
		List<FieldMessage> errors = new ArrayList<>();
		if (input.value().name() == null) {
			errors.add(new FieldMessage("name", "must not be blank"));
		}
		String source = input.has("source") && input.value().source() != null ? input.value().source()
				: LeadSource.OTHER.key();
		checkSource(source, errors);
		String stage = input.has("stage") && input.value().stage() != null ? input.value().stage() : stages.initial().key();
		checkStage(stage, errors);
		Long assignee = input.has("assigned_to") ? input.value().assignedTo() : actor.isAdmin() ? null : actor.id();
		checkAssignee(assignee, errors);
		String phone = normalisedPhone(input.value().phone(), errors);
		checkTravelDates(input.value(), errors);
		throwIfAny(errors);
		rejectDuplicatePhone(phone, null);
		LeadRequest value = input.value();
		NewLead lead = new NewLead(value.name().trim(), phone, null, null, null, blankToNull(value.email()), source,
				stage, assignee, value.tripId(), blankToNull(value.destination()), value.travelStart(),
				value.travelEnd(), value.travelers(), value.budget(), value.expectedValue(), tags(value.tags()),
				blankToNull(value.notes()), blankToNull(value.lostReason()), null, Instant.now());
		long id = insertOrExplain(lead);
		Lead created = leads.findById(id).orElseThrow();
		afterCreate(created, actor, Map.of("source", source));
		log.info("Lead created leadId={} source={}", id, source);
		return created.toView();
	}

	@Transactional
	LeadView update(long id, Submitted<LeadRequest> input, CurrentUser actor) {
		Lead before = visibleForUpdate(id, actor);
		LeadRequest value = input.value();
		List<FieldMessage> errors = new ArrayList<>();
		if (input.has("name") && (value.name() == null || value.name().isBlank())) {
			errors.add(new FieldMessage("name", "must not be blank"));
		}
		if (input.has("source")) {
			checkSource(value.source() == null ? "" : value.source(), errors);
		}
		Stage newStage = null;
		if (input.has("stage")) {
			newStage = checkStage(value.stage() == null ? "" : value.stage(), errors);
		}
		if (input.has("assigned_to")) {
			checkAssignee(value.assignedTo(), errors);
		}
		String phone = input.has("phone") ? normalisedPhone(value.phone(), errors) : before.phone();
		Lead after = new Lead(before.id(), input.has("name") && value.name() != null ? value.name().trim() : before.name(),
				phone, before.waId(), before.waUserId(), before.waUsername(),
				input.has("email") ? blankToNull(value.email()) : before.email(),
				input.has("source") && value.source() != null ? value.source() : before.source(), before.stage(),
				input.has("assigned_to") ? value.assignedTo() : before.assignedTo(),
				input.has("trip_id") ? value.tripId() : before.tripId(),
				input.has("destination") ? blankToNull(value.destination()) : before.destination(),
				input.has("travel_start") ? value.travelStart() : before.travelStart(),
				input.has("travel_end") ? value.travelEnd() : before.travelEnd(),
				input.has("travelers") ? value.travelers() : before.travelers(),
				input.has("budget") ? value.budget() : before.budget(),
				input.has("expected_value") ? value.expectedValue() : before.expectedValue(),
				input.has("tags") ? tags(value.tags()) : before.tags(),
				input.has("notes") ? blankToNull(value.notes()) : before.notes(),
				input.has("lost_reason") ? blankToNull(value.lostReason()) : before.lostReason(), before.score(),
				before.referral(), before.lastInboundAt(), before.lastOutboundAt(), before.firstResponseAt(),
				before.stageChangedAt(), before.createdAt(), before.updatedAt(), before.version());
		checkTravelDates(after.travelStart(), after.travelEnd(), errors);
		throwIfAny(errors);
		if (!Objects.equals(phone, before.phone())) {
			rejectDuplicatePhone(phone, id);
		}
		Set<String> changed = changedFields(before, after);
		if (!changed.isEmpty()) {
			updateOrExplain(after);
			Lead updated = leads.findById(id).orElseThrow();
			auditLog.record(actor, "lead", id, "update", before.toView(), updated.toView());
			Instant now = Instant.now();
			if (changed.remove("assigned_to")) {
				events.insert(id, LeadEventType.ASSIGNED,
						nullable(Map.of(), "from", before.assignedTo(), "to", after.assignedTo()), actor.id());
				publisher.publishEvent(new LeadAssigned(id, after.name(), before.assignedTo(), after.assignedTo(), actor.id(), now));
			}
			if (!changed.isEmpty()) {
				events.insert(id, LeadEventType.UPDATED, Map.of("fields", List.copyOf(changed)), actor.id());
				publisher.publishEvent(new LeadUpdated(id, Set.copyOf(changed), after.assignedTo(), actor.id(), now));
			}
		}
		if (newStage != null && !newStage.key().equals(before.stage())) {
			moveToStage(leads.findById(id).orElseThrow(), newStage, null, actor);
		}
		return leads.findById(id).orElseThrow().toView();
	}

	@Transactional
	LeadView changeStage(long id, String stageKey, @Nullable String note, CurrentUser actor) {
		Lead lead = visibleForUpdate(id, actor);
		List<FieldMessage> errors = new ArrayList<>();
		Stage stage = checkStage(stageKey, errors);
		if (note != null && note.length() > 2000) {
			errors.add(new FieldMessage("note", "must be at most 2000 characters"));
		}
		throwIfAny(errors);
		if (!lead.stage().equals(stage.key())) {
			moveToStage(lead, stage, blankToNull(note), actor);
		}
		return leads.findById(id).orElseThrow().toView();
	}

	@Transactional
	void delete(long id, CurrentUser actor) {
		Lead lead = visibleForUpdate(id, actor);
		try {
			leads.delete(id);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ProblemException(HttpStatus.CONFLICT, "lead-has-bookings", "Lead has bookings",
					"Lead " + id + " has bookings, which are kept for the accounts. Cancel them or mark the lead lost.");
		}
		auditLog.record(actor, "lead", id, "delete", lead.toView(), null);
		publisher.publishEvent(new LeadDeleted(id, lead.assignedTo(), actor.id(), Instant.now()));
		log.info("Lead deleted leadId={}", id);
	}

	PageResponse<LeadEventView> events(long id, PageQuery page, CurrentUser actor) {
		visible(id, actor);
		return PageResponse.of(events.findByLead(id, page.pageSize(), page.offset()), events.countByLead(id), page);
	}

	@Transactional
	LeadEventView addNote(long id, String text, CurrentUser actor) {
		visibleForUpdate(id, actor);
		events.insert(id, LeadEventType.NOTE, Map.of("text", text.trim()), actor.id());
		return events.findByLead(id, 1, 0).get(0);
	}

	@Transactional
	BulkResult bulk(Submitted<BulkRequest> input, CurrentUser actor) {
		BulkRequest request = input.value();
		boolean assign = input.has("assigned_to");
		if (!assign && request.stage() == null) {
			throw ProblemException.invalid("request", "send assigned_to, stage, or both");
		}
		List<FieldMessage> errors = new ArrayList<>();
		if (assign) {
			checkAssignee(request.assignedTo(), errors);
		}
		Stage stage = request.stage() == null ? null : checkStage(request.stage(), errors);
		throwIfAny(errors);
		int updated = 0;
		List<Long> notFound = new ArrayList<>();
		for (long id : new LinkedHashSet<>(request.ids())) {
			Optional<Lead> lead = leads.findByIdForUpdate(id).filter(l -> actor.mayWorkOn(l.assignedTo()));
			if (lead.isEmpty()) {
				notFound.add(id);
				continue;
			}
			if (assign && !Objects.equals(lead.get().assignedTo(), request.assignedTo())) {
				assign(lead.get(), request.assignedTo(), actor);
			}
			if (stage != null && !lead.get().stage().equals(stage.key())) {
				moveToStage(leads.findById(id).orElseThrow(), stage, null, actor);
			}
			updated++;
		}
		return new BulkResult(updated, notFound);
	}

	List<Stage> stages() {
		return stages.findAll();
	}

	// The rules

	private Lead visible(long id, CurrentUser actor) {
		return leads.findById(id).filter(lead -> actor.mayWorkOn(lead.assignedTo()))
			.orElseThrow(() -> ProblemException.notFound("Lead", id));
	}

	private Lead visibleForUpdate(long id, CurrentUser actor) {
		return leads.findByIdForUpdate(id).filter(lead -> actor.mayWorkOn(lead.assignedTo()))
			.orElseThrow(() -> ProblemException.notFound("Lead", id));
	}

	private void afterCreate(Lead lead, CurrentUser actor, Map<String, ?> payload) {
		events.insert(lead.id(), LeadEventType.CREATED, payload, actor.id());
		auditLog.record(actor, "lead", lead.id(), "create", null, lead.toView());
		publisher.publishEvent(new LeadCreated(lead.id(), lead.name(), lead.source(), lead.stage(), lead.assignedTo(),
				actor.id(), lead.createdAt()));
	}

	private void moveToStage(Lead lead, Stage stage, @Nullable String note, CurrentUser actor) {
		leads.updateStage(lead.id(), stage.key(), stage.isLost() ? note : null);
		Lead after = leads.findById(lead.id()).orElseThrow();
		events.insert(lead.id(), LeadEventType.STAGE_CHANGED,
				nullable(Map.of("from", lead.stage(), "to", stage.key()), "note", note, null, null), actor.id());
		auditLog.record(actor, "lead", lead.id(), "change_stage", lead.toView(), after.toView());
		publisher.publishEvent(new LeadStageChanged(lead.id(), lead.stage(), stage.key(), stage.isWon(),
				stage.isLost(), note, lead.assignedTo(), actor.id(), Instant.now()));
		log.info("Lead stage changed leadId={} from={} to={}", lead.id(), lead.stage(), stage.key());
	}

	private void assign(Lead lead, @Nullable Long assignee, CurrentUser actor) {
		leads.updateAssignee(lead.id(), assignee);
		Lead after = leads.findById(lead.id()).orElseThrow();
		events.insert(lead.id(), LeadEventType.ASSIGNED,
				nullable(Map.of(), "from", lead.assignedTo(), "to", assignee), actor.id());
		auditLog.record(actor, "lead", lead.id(), "assign", lead.toView(), after.toView());
		publisher.publishEvent(new LeadAssigned(lead.id(), lead.name(), lead.assignedTo(), assignee, actor.id(), Instant.now()));
	}

	private void rejectDuplicatePhone(@Nullable String phone, @Nullable Long self) {
		if (phone == null) {
			return;
		}
		leads.findByPhone(phone).filter(other -> !Long.valueOf(other.id()).equals(self)).ifPresent(other -> {
			throw new ProblemException(HttpStatus.CONFLICT, "duplicate-phone", "Phone number already used",
					"Lead " + other.id() + " already has the phone number " + phone + ".")
				.with("existing_lead_id", other.id());
		});
	}

	private long insertOrExplain(NewLead lead) {
		try {
			return leads.insert(lead).orElseGet(() -> {
				rejectDuplicatePhone(lead.phone(), null);
				throw new IllegalStateException("Lead insert conflicted on an unknown key");
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw explain(ex);
		}
	}

	private void updateOrExplain(Lead lead) {
		try {
			leads.update(lead);
		}
		catch (DataIntegrityViolationException ex) {
			throw explain(ex);
		}
	}

	/** The foreign keys a client can violate, as field errors; anything else is a plain conflict. */
	private static RuntimeException explain(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		if (message.contains("lead_trip_id_fkey")) {
			return ProblemException.invalid("trip_id", "is not an existing trip");
		}
		if (message.contains("lead_phone_key")) {
			return new ProblemException(HttpStatus.CONFLICT, "duplicate-phone", "Phone number already used",
					"Another lead has just been saved with this phone number.");
		}
		return ex;
	}

	private void checkSource(String source, List<FieldMessage> errors) {
		if (LeadSource.fromKey(source).isEmpty()) {
			errors.add(new FieldMessage("source", "'" + source + "' is not a lead source"));
		}
	}

	private @Nullable Stage checkStage(String key, List<FieldMessage> errors) {
		List<Stage> all = stages.findAll();
		Optional<Stage> stage = all.stream().filter(s -> s.key().equals(key)).findFirst();
		if (stage.isEmpty()) {
			errors.add(new FieldMessage("stage",
					"'" + key + "' is not a stage; stages are " + String.join(", ", all.stream().map(Stage::key).toList())));
		}
		return stage.orElse(null);
	}

	private void checkAssignee(@Nullable Long assignee, List<FieldMessage> errors) {
		if (assignee != null && users.find(assignee).filter(UserSummary::active).isEmpty()) {
			errors.add(new FieldMessage("assigned_to", "is not an active user"));
		}
	}

	private @Nullable String normalisedPhone(@Nullable String typed, List<FieldMessage> errors) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		Optional<String> phone = phones.normalise(typed);
		if (phone.isEmpty()) {
			errors.add(new FieldMessage("phone", "is not a valid phone number (use the international form, e.g. +34 600 123 456)"));
		}
		return phone.orElse(null);
	}

	private static void checkTravelDates(LeadRequest value, List<FieldMessage> errors) {
		checkTravelDates(value.travelStart(), value.travelEnd(), errors);
	}

	private static void checkTravelDates(@Nullable LocalDate start, @Nullable LocalDate end,
			List<FieldMessage> errors) {
		if (start != null && end != null && end.isBefore(start)) {
			errors.add(new FieldMessage("travel_end", "must not be before travel_start"));
		}
	}

	private static void throwIfAny(List<FieldMessage> errors) {
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors);
		}
	}

	private static Set<String> changedFields(Lead before, Lead after) {
		Set<String> changed = new LinkedHashSet<>();
		compare(changed, "name", before.name(), after.name());
		compare(changed, "phone", before.phone(), after.phone());
		compare(changed, "email", before.email(), after.email());
		compare(changed, "source", before.source(), after.source());
		compare(changed, "assigned_to", before.assignedTo(), after.assignedTo());
		compare(changed, "trip_id", before.tripId(), after.tripId());
		compare(changed, "destination", before.destination(), after.destination());
		compare(changed, "travel_start", before.travelStart(), after.travelStart());
		compare(changed, "travel_end", before.travelEnd(), after.travelEnd());
		compare(changed, "travelers", before.travelers(), after.travelers());
		compare(changed, "budget", before.budget(), after.budget());
		compare(changed, "expected_value", before.expectedValue(), after.expectedValue());
		compare(changed, "tags", before.tags(), after.tags());
		compare(changed, "notes", before.notes(), after.notes());
		compare(changed, "lost_reason", before.lostReason(), after.lostReason());
		return changed;
	}

	private static void compare(Set<String> changed, String field, @Nullable Object before, @Nullable Object after) {
		boolean same = before instanceof BigDecimal b && after instanceof BigDecimal a
				? b.compareTo(a) == 0 : Objects.equals(before, after);
		if (!same) {
			changed.add(field);
		}
	}

	private static String displayName(WhatsAppContact contact) {
		if (contact.profileName() != null && !contact.profileName().isBlank()) {
			return contact.profileName().trim();
		}
		if (contact.username() != null && !contact.username().isBlank()) {
			return contact.username().trim();
		}
		return contact.waId() != null ? "+" + contact.waId() : "WhatsApp customer";
	}

	private static List<String> tags(@Nullable List<String> tags) {
		return tags == null ? List.of() : tags.stream().map(String::trim).distinct().toList();
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

	/** A payload map that leaves out null values (Map.of refuses them). */
	private static Map<String, Object> nullable(Map<String, Object> base, String k1, @Nullable Object v1,
			@Nullable String k2, @Nullable Object v2) {
		Map<String, Object> payload = new LinkedHashMap<>(base);
		if (v1 != null) {
			payload.put(k1, v1);
		}
		if (k2 != null && v2 != null) {
			payload.put(k2, v2);
		}
		return payload;
	}

	/** Assigns and/or moves up to 500 leads at once; leads the user may not see are reported, not changed. */
	record BulkRequest(@NotEmpty @Size(max = 500) List<@NotNull Long> ids, @Nullable Long assignedTo,
			@Nullable String stage) {
	}

	record BulkResult(int updated, List<Long> notFound) {
	}

}
