package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rollups' writes. A lead's figures always sit under its current dimensions: when the lead changes,
 * its cohort count and its activity move with it.
 */
@Repository
class RollupStore {

	private final JdbcClient jdbc;

	RollupStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A lead's dimensions; unassigned and no trip are 0, so they can be part of a key. */
	record LeadDimensions(long leadId, LocalDate createdDay, String source, long assignedTo, long tripId, String stage,
			BigDecimal expectedValue) {

		boolean sameCell(LeadDimensions other) {
			return source.equals(other.source) && assignedTo == other.assignedTo && tripId == other.tripId;
		}

	}

	/** Records a domain event as counted; false when it was counted before (a redelivery). */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean firstTime(String eventKey) {
		return jdbc.sql("INSERT INTO analytics_applied_event (event_key) VALUES (?) ON CONFLICT DO NOTHING")
			.param(eventKey).update() == 1;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Optional<LeadDimensions> lockLead(long leadId) {
		jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(leadId).query(Object.class).single();
		// FOR UPDATE also waits for a rebuild in progress, so the copy read here is not the one it replaces.
		return jdbc.sql("SELECT * FROM analytics_lead WHERE lead_id = ? FOR UPDATE").param(leadId)
			.query((rs, row) -> new LeadDimensions(rs.getLong("lead_id"), rs.getObject("created_day", LocalDate.class),
					rs.getString("source"), rs.getLong("assigned_to"), rs.getLong("trip_id"), rs.getString("stage"),
					rs.getBigDecimal("expected_value")))
			.optional();
	}

	/** Moves a lead from what the rollups knew to what it is now (either may be absent). */
	@Transactional(propagation = Propagation.MANDATORY)
	void moveLead(Optional<LeadDimensions> before, Optional<LeadDimensions> after) {
		if (before.equals(after)) {
			return;
		}
		before.ifPresent(old -> addCohort(old, -1, old.expectedValue().negate()));
		after.ifPresent(now -> addCohort(now, 1, now.expectedValue()));
		boolean cellChanged = before.isPresent() && (after.isEmpty() || !before.get().sameCell(after.get()));
		if (cellChanged) {
			LeadDimensions old = before.get();
			for (var activity : activityOf(old.leadId())) {
				addActivityCell(activity.day(), activity.metric(), old, activity.amount().negate());
				after.ifPresent(now -> addActivityCell(activity.day(), activity.metric(), now, activity.amount()));
			}
		}
		if (after.isPresent()) {
			LeadDimensions now = after.get();
			jdbc.sql("""
					INSERT INTO analytics_lead (lead_id, created_day, source, assigned_to, trip_id, stage, expected_value)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (lead_id) DO UPDATE SET created_day = EXCLUDED.created_day, source = EXCLUDED.source,
					    assigned_to = EXCLUDED.assigned_to, trip_id = EXCLUDED.trip_id, stage = EXCLUDED.stage,
					    expected_value = EXCLUDED.expected_value""")
				.params(now.leadId(), now.createdDay(), now.source(), now.assignedTo(), now.tripId(), now.stage(),
						now.expectedValue())
				.update();
		}
		else {
			jdbc.sql("DELETE FROM analytics_lead WHERE lead_id = ?").param(before.get().leadId()).update();
			jdbc.sql("DELETE FROM analytics_lead_activity WHERE lead_id = ?").param(before.get().leadId()).update();
		}
	}

	/** Counts activity of a lead on a day, under the lead's current dimensions. */
	@Transactional(propagation = Propagation.MANDATORY)
	void addActivity(LeadDimensions lead, LocalDate day, String metric, BigDecimal amount) {
		jdbc.sql("""
				INSERT INTO analytics_lead_activity (lead_id, day, metric, amount) VALUES (?, ?, ?, ?)
				ON CONFLICT (lead_id, day, metric) DO UPDATE SET amount = analytics_lead_activity.amount + EXCLUDED.amount""")
			.params(lead.leadId(), day, metric, amount).update();
		addActivityCell(day, metric, lead, amount);
	}

	private record Activity(LocalDate day, String metric, BigDecimal amount) {
	}

	private List<Activity> activityOf(long leadId) {
		return jdbc.sql("SELECT day, metric, amount FROM analytics_lead_activity WHERE lead_id = ?").param(leadId)
			.query((rs, row) -> new Activity(rs.getObject("day", LocalDate.class), rs.getString("metric"),
					rs.getBigDecimal("amount")))
			.list();
	}

	private void addCohort(LeadDimensions lead, long leads, BigDecimal value) {
		jdbc.sql("""
				INSERT INTO analytics_cohort (day, source, assigned_to, trip_id, stage, leads, value)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (day, source, assigned_to, trip_id, stage) DO UPDATE
				    SET leads = analytics_cohort.leads + EXCLUDED.leads, value = analytics_cohort.value + EXCLUDED.value""")
			.params(lead.createdDay(), lead.source(), lead.assignedTo(), lead.tripId(), lead.stage(), leads, value)
			.update();
	}

	private void addActivityCell(LocalDate day, String metric, LeadDimensions lead, BigDecimal amount) {
		jdbc.sql("""
				INSERT INTO analytics_activity (day, metric, source, assigned_to, trip_id, amount) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (day, metric, source, assigned_to, trip_id) DO UPDATE
				    SET amount = analytics_activity.amount + EXCLUDED.amount""")
			.params(day, metric, lead.source(), lead.assignedTo(), lead.tripId(), amount).update();
	}

}
