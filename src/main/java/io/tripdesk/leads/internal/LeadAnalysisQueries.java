package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadAnalysis;
import io.tripdesk.leads.LeadFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableDate;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableInt;
import static io.tripdesk.shared.database.Columns.nullableLong;

/**
 * The bulk reads behind lead scores and insights. Each list is one indexed, limited query plus a count
 * on the same index: awaiting-reply and created-at indexes, and V15's for silence and unscored leads.
 */
@Service
class LeadAnalysisQueries implements LeadAnalysis {

	/** A lead, whether its stage closes it, and the furthest open stage its timeline shows it in. */
	private static final String SELECT = """
			SELECT l.id, l.name, l.source, l.stage, s.is_won, s.is_lost, l.assigned_to, l.trip_id,
			       l.travelers, l.budget, l.expected_value, l.travel_start, l.score, l.last_inbound_at,
			       l.first_response_at, l.awaiting_reply_since, l.stage_changed_at, l.created_at,
			       greatest(CASE WHEN s.is_won OR s.is_lost THEN NULL ELSE s.position END,
			                (SELECT max(p.position) FROM lead_event e
			                   JOIN pipeline_stage p ON p.key IN (e.payload->>'from', e.payload->>'to')
			                  WHERE e.lead_id = l.id AND e.type = 'stage_changed' AND NOT p.is_won AND NOT p.is_lost),
			                (SELECT min(position) FROM pipeline_stage)) AS furthest_open_position
			  FROM lead l JOIN pipeline_stage s ON s.key = l.stage
			""";

	/** A lead's value: the largest of its expected value, budget, and travellers times its trip's price. */
	private static final String VALUE = "greatest(l.expected_value, l.budget, coalesce(l.travelers, 1) * t.price)";

	/** Agents see their own and unassigned leads. */
	private static final String VISIBLE = " AND (CAST(:everyone AS boolean) OR l.assigned_to = :me OR l.assigned_to IS NULL)";

	private final JdbcClient jdbc;

	LeadAnalysisQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<LeadFacts> facts(long leadId, CurrentUser actor) {
		return jdbc.sql(SELECT + " WHERE l.id = :id" + VISIBLE).param("id", leadId).params(visibility(actor))
			.query(LeadAnalysisQueries::map).optional();
	}

	@Override
	public List<LeadFacts> factsAfter(long afterId, int limit, boolean onlyUnscored) {
		return jdbc.sql(SELECT + " WHERE l.id > :after" + (onlyUnscored ? " AND l.score IS NULL" : "")
				+ " ORDER BY l.id LIMIT :limit")
			.param("after", afterId).param("limit", limit)
			.query(LeadAnalysisQueries::map).list();
	}

	@Override
	public List<LeadFacts> decided(int limit) {
		return jdbc.sql(SELECT + """
				 WHERE l.stage IN (SELECT key FROM pipeline_stage WHERE is_won OR is_lost)
				 ORDER BY l.created_at DESC, l.id DESC LIMIT :limit""")
			.param("limit", limit).query(LeadAnalysisQueries::map).list();
	}

	@Override
	public Slice valuableEarlyLeads(int beforePosition, Instant createdSince, BigDecimal minValue,
			Map<Long, BigDecimal> tripPrices, int limit, CurrentUser actor) {
		List<Long> tripIds = new ArrayList<>(tripPrices.keySet());
		String where = """
				  LEFT JOIN unnest(CAST(:tripIds AS bigint[]), CAST(:prices AS numeric[])) AS t(trip_id, price)
				         ON t.trip_id = l.trip_id
				 WHERE l.stage IN (SELECT key FROM pipeline_stage
				                    WHERE position < :before AND NOT is_won AND NOT is_lost)
				   AND l.created_at >= :since""" + " AND " + VALUE + " >= :minValue" + VISIBLE;
		Map<String, Object> params = new HashMap<>(visibility(actor));
		params.put("tripIds", tripIds.toArray(Long[]::new));
		params.put("prices", tripIds.stream().map(tripPrices::get).toArray(BigDecimal[]::new));
		params.put("before", beforePosition);
		params.put("since", Timestamp.from(createdSince));
		params.put("minValue", minValue);
		long total = jdbc.sql("SELECT count(*) FROM lead l" + where).params(params).query(Long.class).single();
		List<LeadFacts> leads = jdbc.sql(SELECT + where + " ORDER BY " + VALUE + " DESC, l.id LIMIT :limit")
			.params(params).param("limit", limit).query(LeadAnalysisQueries::map).list();
		return new Slice(leads, total);
	}

	@Override
	public Slice awaitingReply(Instant cutoff, int limit, CurrentUser actor) {
		String where = " WHERE l.awaiting_reply_since < :cutoff" + VISIBLE;
		Map<String, Object> params = new HashMap<>(visibility(actor));
		params.put("cutoff", Timestamp.from(cutoff));
		long total = jdbc.sql("SELECT count(*) FROM lead l" + where).params(params).query(Long.class).single();
		List<LeadFacts> leads = jdbc.sql(SELECT + where + " ORDER BY l.awaiting_reply_since, l.id LIMIT :limit")
			.params(params).param("limit", limit).query(LeadAnalysisQueries::map).list();
		return new Slice(leads, total);
	}

	@Override
	public Slice silentSince(List<String> stages, Instant cutoff, int limit, CurrentUser actor) {
		if (stages.isEmpty()) {
			return new Slice(List.of(), 0);
		}
		// greatest() skips a null: a customer who never wrote is silent since the lead entered the stage.
		String where = " WHERE l.stage IN (:stages) AND greatest(l.last_inbound_at, l.stage_changed_at) < :cutoff" + VISIBLE;
		Map<String, Object> params = new HashMap<>(visibility(actor));
		params.put("stages", stages);
		params.put("cutoff", Timestamp.from(cutoff));
		long total = jdbc.sql("SELECT count(*) FROM lead l" + where).params(params).query(Long.class).single();
		List<LeadFacts> leads = jdbc.sql(SELECT + where
				+ " ORDER BY greatest(l.last_inbound_at, l.stage_changed_at), l.id LIMIT :limit")
			.params(params).param("limit", limit).query(LeadAnalysisQueries::map).list();
		return new Slice(leads, total);
	}

	private static Map<String, Object> visibility(CurrentUser actor) {
		Map<String, Object> params = new HashMap<>();
		params.put("everyone", actor.isAdmin());
		params.put("me", actor.id() == null ? -1L : actor.id());
		return params;
	}

	private static LeadFacts map(ResultSet rs, int row) throws SQLException {
		return new LeadFacts(rs.getLong("id"), rs.getString("name"), rs.getString("source"), rs.getString("stage"),
				rs.getBoolean("is_won"), rs.getBoolean("is_lost"), nullableLong(rs, "assigned_to"),
				nullableLong(rs, "trip_id"), nullableInt(rs, "travelers"), rs.getBigDecimal("budget"),
				rs.getBigDecimal("expected_value"), nullableDate(rs, "travel_start"), rs.getInt("furthest_open_position"),
				nullableInt(rs, "score"), nullableInstant(rs, "last_inbound_at"), nullableInstant(rs, "first_response_at"),
				nullableInstant(rs, "awaiting_reply_since"), instant(rs, "stage_changed_at"), instant(rs, "created_at"));
	}

}
