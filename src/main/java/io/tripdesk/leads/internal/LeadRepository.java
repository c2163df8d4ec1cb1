package io.tripdesk.leads.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.leads.AdReferral;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableDate;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableInt;
import static io.tripdesk.shared.database.Columns.nullableLong;
import static io.tripdesk.shared.database.Columns.textArray;

@Repository
class LeadRepository {

	static final String COLUMNS = """
			id, name, phone_e164, wa_id, wa_user_id, wa_username, email, source, stage, assigned_to, trip_id,
			destination, travel_start, travel_end, travelers, budget, expected_value, tags, notes, lost_reason, score,
			referral, last_inbound_at, last_outbound_at, first_response_at, stage_changed_at, created_at, updated_at,
			version""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final RowMapper<Lead> mapper = this::map;

	LeadRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	RowMapper<Lead> rowMapper() {
		return mapper;
	}

	Optional<Lead> findById(long id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ?").param(id).query(mapper).optional();
	}

	Optional<Lead> findByIdForUpdate(long id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ? FOR UPDATE").param(id).query(mapper).optional();
	}

	Optional<Lead> findByPhone(String phoneE164) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE phone_e164 = ?").param(phoneE164).query(mapper)
			.optional();
	}

	/**
	 * The leads with any of these WhatsApp identities (business-scoped user ids, WhatsApp ids), locked in id
	 * order: two transactions locking overlapping sets wait for each other instead of deadlocking.
	 */
	List<Lead> findByWhatsAppIdentitiesForUpdate(Collection<String> waUserIds, Collection<String> waIds) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM lead
				WHERE wa_user_id = ANY(CAST(:waUserIds AS text[])) OR wa_id = ANY(CAST(:waIds AS text[]))
				ORDER BY id FOR UPDATE""")
			.param("waUserIds", waUserIds.toArray(String[]::new)).param("waIds", waIds.toArray(String[]::new))
			.query(mapper).list();
	}

	/** The leads with these phone numbers, locked in id order: customers the agency knew before they wrote. */
	List<Lead> findByPhonesForUpdate(Collection<String> phonesE164) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE phone_e164 = ANY(CAST(? AS text[])) ORDER BY id FOR UPDATE")
			.param(phonesE164.toArray(String[]::new)).query(mapper).list();
	}

	/** The leads among {@code ids} that exist, in id order. */
	/** The leads interested in the trip, locked, in id order. */
	List<Lead> findByTripForUpdate(long tripId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE trip_id = ? ORDER BY id FOR UPDATE").param(tripId)
			.query(mapper).list();
	}

	void clearTrip(long tripId) {
		jdbc.sql("UPDATE lead SET trip_id = NULL, updated_at = now(), version = version + 1 WHERE trip_id = ?")
			.param(tripId).update();
	}

	List<Lead> findAllById(Collection<Long> ids) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ANY(CAST(? AS bigint[])) ORDER BY id")
			.param(ids.toArray(Long[]::new)).query(mapper).list();
	}

	/** Inserts a lead; empty when another lead already has its phone or WhatsApp identity. */
	Optional<Long> insert(NewLead lead) {
		return jdbc.sql("""
				INSERT INTO lead (name, phone_e164, wa_id, wa_user_id, wa_username, email, source, stage, assigned_to,
				                  trip_id, destination, travel_start, travel_end, travelers, budget, expected_value, tags,
				                  notes, lost_reason, referral, ad_id, created_at, updated_at, stage_changed_at)
				VALUES (:name, :phone, :waId, :waUserId, :waUsername, :email, :source, :stage, :assignedTo, :tripId,
				        :destination, :travelStart, :travelEnd, :travelers, :budget, :expectedValue, :tags, :notes,
				        :lostReason, CAST(:referral AS jsonb), :adId, :createdAt, :createdAt, :createdAt)
				ON CONFLICT DO NOTHING
				RETURNING id""")
			.param("name", lead.name()).param("phone", lead.phone()).param("waId", lead.waId())
			.param("waUserId", lead.waUserId()).param("waUsername", lead.waUsername()).param("email", lead.email())
			.param("source", lead.source()).param("stage", lead.stage()).param("assignedTo", lead.assignedTo())
			.param("tripId", lead.tripId()).param("destination", lead.destination())
			.param("travelStart", lead.travelStart()).param("travelEnd", lead.travelEnd())
			.param("travelers", lead.travelers()).param("budget", lead.budget())
			.param("expectedValue", lead.expectedValue()).param("tags", lead.tags().toArray(String[]::new))
			.param("notes", lead.notes()).param("lostReason", lead.lostReason())
			.param("referral", lead.referral() == null ? null : json.writeValueAsString(lead.referral()))
			.param("adId", lead.referral() == null ? null : lead.referral().sourceId())
			.param("createdAt", Timestamp.from(lead.createdAt()))
			.query(Long.class).optional();
	}

	/** Writes the editable fields; the version check refuses a change made on a stale copy. */
	int update(Lead lead) {
		return jdbc.sql("""
				UPDATE lead SET name = :name, phone_e164 = :phone, email = :email, source = :source,
				       assigned_to = :assignedTo, trip_id = :tripId, destination = :destination,
				       travel_start = :travelStart, travel_end = :travelEnd, travelers = :travelers, budget = :budget,
				       expected_value = :expectedValue, tags = :tags, notes = :notes, lost_reason = :lostReason,
				       updated_at = now(), version = version + 1
				 WHERE id = :id AND version = :version""")
			.param("name", lead.name()).param("phone", lead.phone()).param("email", lead.email())
			.param("source", lead.source()).param("assignedTo", lead.assignedTo()).param("tripId", lead.tripId())
			.param("destination", lead.destination()).param("travelStart", lead.travelStart())
			.param("travelEnd", lead.travelEnd()).param("travelers", lead.travelers()).param("budget", lead.budget())
			.param("expectedValue", lead.expectedValue()).param("tags", lead.tags().toArray(String[]::new))
			.param("notes", lead.notes()).param("lostReason", lead.lostReason()).param("id", lead.id())
			.param("version", lead.version())
			.update();
	}

	void updateStage(long id, String stage, @Nullable String lostReason) {
		jdbc.sql("""
				UPDATE lead SET stage = ?, lost_reason = coalesce(?, lost_reason), stage_changed_at = now(),
				       updated_at = now(), version = version + 1
				 WHERE id = ?""").params(stage, lostReason, id).update();
	}

	void updateAssignee(long id, @Nullable Long assignedTo) {
		jdbc.sql("UPDATE lead SET assigned_to = ?, updated_at = now(), version = version + 1 WHERE id = ?")
			.params(assignedTo, id).update();
	}

	/** Adds WhatsApp identities and the first-touch referral a lead did not have yet; never overwrites. */
	void completeWhatsAppIdentity(long id, @Nullable String waId, @Nullable String waUserId,
			@Nullable String waUsername, @Nullable String phone, @Nullable AdReferral referral) {
		jdbc.sql("""
				UPDATE lead SET wa_id = coalesce(wa_id, :waId), wa_user_id = coalesce(wa_user_id, :waUserId),
				       wa_username = coalesce(:waUsername, wa_username), phone_e164 = coalesce(phone_e164, :phone),
				       referral = coalesce(referral, CAST(:referral AS jsonb)), ad_id = coalesce(ad_id, :adId)
				 WHERE id = :id""")
			.param("waId", waId).param("waUserId", waUserId).param("waUsername", waUsername).param("phone", phone)
			.param("referral", referral == null ? null : json.writeValueAsString(referral))
			.param("adId", referral == null ? null : referral.sourceId()).param("id", id)
			.update();
	}

	/** Each lead's customer wrote, last at the time given; in id order, the order leads are locked in. */
	void recordInbound(Map<Long, Instant> lastByLead) {
		Long[] ids = lastByLead.keySet().stream().sorted().toArray(Long[]::new);
		jdbc.sql("""
				UPDATE lead SET last_inbound_at = GREATEST(last_inbound_at, inbound.at),
				       awaiting_reply_since = CASE WHEN awaiting_reply_since IS NULL
				                                    AND (last_outbound_at IS NULL OR last_outbound_at < inbound.at)
				                                   THEN inbound.at ELSE awaiting_reply_since END
				  FROM unnest(CAST(:ids AS bigint[]), CAST(:ats AS timestamptz[])) AS inbound(id, at)
				 WHERE lead.id = inbound.id""")
			.param("ids", ids).param("ats", Arrays.stream(ids).map(id -> lastByLead.get(id).toString()).toArray(String[]::new))
			.update();
	}

	void recordOutbound(long id, Instant at, boolean byPerson) {
		jdbc.sql("""
				UPDATE lead SET last_outbound_at = GREATEST(last_outbound_at, :at),
				       first_response_at = CASE WHEN :byPerson AND first_response_at IS NULL
				                                     AND last_inbound_at IS NOT NULL THEN :at
				                                ELSE first_response_at END,
				       awaiting_reply_since = CASE WHEN :byPerson AND awaiting_reply_since <= :at THEN NULL
				                                   ELSE awaiting_reply_since END
				 WHERE id = :id""")
			.param("at", Timestamp.from(at)).param("byPerson", byPerson).param("id", id).update();
	}

	/**
	 * Marks the leads whose customer has waited longer than {@code cutoff} allows and was not alerted for
	 * this wait yet, and returns them. One statement, so two nodes never alert the same wait twice.
	 */
	List<AwaitingReply> claimOverdueReplies(Instant cutoff, int limit) {
		return jdbc.sql("""
				UPDATE lead SET reply_alerted_at = now()
				 WHERE id IN (SELECT id FROM lead
				               WHERE awaiting_reply_since < :cutoff
				                 AND (reply_alerted_at IS NULL OR reply_alerted_at < awaiting_reply_since)
				               ORDER BY awaiting_reply_since LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING id, name, assigned_to, awaiting_reply_since""")
			.param("cutoff", Timestamp.from(cutoff)).param("limit", limit)
			.query((rs, row) -> new AwaitingReply(rs.getLong("id"), rs.getString("name"),
					nullableLong(rs, "assigned_to"), instant(rs, "awaiting_reply_since")))
			.list();
	}

	record AwaitingReply(long leadId, String name, @Nullable Long assignedTo, Instant since) {
	}

	int delete(long id) {
		return jdbc.sql("DELETE FROM lead WHERE id = ?").param(id).update();
	}

	List<Lead> query(String sql, Map<String, ?> params) {
		return jdbc.sql(sql).params(params).query(mapper).list();
	}

	long count(String sql, Map<String, ?> params) {
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	/** A search's entries in lead_search_term counted up to a limit, and the leads among them. */
	record TermsCounted(long entries, long leads) {
	}

	TermsCounted termsCounted(String sql, Map<String, ?> params) {
		return jdbc.sql(sql).params(params)
			.query((row, number) -> new TermsCounted(row.getLong("entries"), row.getLong("leads"))).single();
	}

	/** The words of a search box's text as lead_search_term's terms are split (V33). */
	List<String> searchWords(String text) {
		return jdbc.sql("SELECT lead_search_words(?)").param(text).query(String.class).list();
	}

	/** The ids in the one bigint[] that {@code sql} selects, unless it is null. */
	Optional<Long[]> optionalIds(String sql, Map<String, ?> params) {
		return jdbc.sql(sql).params(params).query((row, number) -> {
			Array ids = row.getArray(1);
			return Optional.ofNullable(ids == null ? null : (Long[]) ids.getArray());
		}).single();
	}

	/** The ids in the one bigint[] that {@code sql} selects, which is never null. */
	Long[] ids(String sql, Map<String, ?> params) {
		return optionalIds(sql, params).orElseThrow();
	}

	/**
	 * Adds the pending changes to lead_tally and lead_created_tally (V25, V27); one node at a time, so
	 * that two folds never lock the same counters in different orders. Returns the counters changed.
	 */
	@Transactional
	int foldTally() {
		if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('tripdesk-lead-tally-fold'))").query(Boolean.class)
			.single()) {
			return 0;
		}
		return jdbc.sql("""
				WITH folded AS (DELETE FROM lead_tally_change RETURNING *)
				INSERT INTO lead_tally AS tally (stage, source, assigned_to, whatsapp, leads)
				SELECT stage, source, assigned_to, whatsapp, sum(leads) FROM folded
				 GROUP BY stage, source, assigned_to, whatsapp HAVING sum(leads) <> 0
				ON CONFLICT (stage, source, assigned_to, whatsapp) DO UPDATE SET leads = tally.leads + EXCLUDED.leads""")
			.update() + jdbc.sql("""
				WITH folded AS (DELETE FROM lead_created_tally_change RETURNING *)
				INSERT INTO lead_created_tally AS tally (day, leads)
				SELECT day, sum(leads) FROM folded GROUP BY day HAVING sum(leads) <> 0
				ON CONFLICT (day) DO UPDATE SET leads = tally.leads + EXCLUDED.leads""")
			.update();
	}

	/** Writes many scores at once, only where they changed. */
	void updateScores(Map<Long, Integer> scores) {
		if (scores.isEmpty()) {
			return;
		}
		Long[] ids = scores.keySet().toArray(Long[]::new);
		jdbc.sql("""
				UPDATE lead SET score = s.score
				  FROM unnest(CAST(:ids AS bigint[]), CAST(:scores AS int[])) AS s(id, score)
				 WHERE lead.id = s.id AND lead.score IS DISTINCT FROM s.score""")
			.param("ids", ids).param("scores", Arrays.stream(ids).map(scores::get).toArray(Integer[]::new))
			.update();
	}

	private Lead map(ResultSet rs, int row) throws SQLException {
		String referral = rs.getString("referral");
		return new Lead(rs.getLong("id"), rs.getString("name"), rs.getString("phone_e164"), rs.getString("wa_id"),
				rs.getString("wa_user_id"), rs.getString("wa_username"), rs.getString("email"), rs.getString("source"),
				rs.getString("stage"), nullableLong(rs, "assigned_to"), nullableLong(rs, "trip_id"),
				rs.getString("destination"), nullableDate(rs, "travel_start"), nullableDate(rs, "travel_end"),
				nullableInt(rs, "travelers"), rs.getBigDecimal("budget"), rs.getBigDecimal("expected_value"),
				textArray(rs, "tags"), rs.getString("notes"), rs.getString("lost_reason"), nullableInt(rs, "score"),
				referral == null ? null : json.readValue(referral, AdReferral.class), nullableInstant(rs, "last_inbound_at"),
				nullableInstant(rs, "last_outbound_at"), nullableInstant(rs, "first_response_at"),
				instant(rs, "stage_changed_at"), instant(rs, "created_at"), instant(rs, "updated_at"),
				rs.getLong("version"));
	}

}
