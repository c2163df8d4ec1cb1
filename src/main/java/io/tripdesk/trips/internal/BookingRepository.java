package io.tripdesk.trips.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import static io.tripdesk.shared.database.Columns.nullableLong;

@Repository
class BookingRepository {

	private final JdbcClient jdbc;

	BookingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Booking> findById(long id) {
		return jdbc.sql("SELECT * FROM booking WHERE id = ?").param(id).query(BookingRepository::map).optional();
	}

	Optional<Booking> findByIdForUpdate(long id) {
		return jdbc.sql("SELECT * FROM booking WHERE id = ? FOR UPDATE").param(id).query(BookingRepository::map)
			.optional();
	}

	/** @param leadAssignedTo the lead's assignee now, whom (with admins) lists show the booking to */
	long insert(long leadId, @Nullable Long leadAssignedTo, long tripId, int travelers, BigDecimal amount,
			String currency, @Nullable String notes, @Nullable Long createdBy) {
		return jdbc.sql("""
				INSERT INTO booking (lead_id, lead_assigned_to, trip_id, travelers, amount, currency, notes, created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(leadId, leadAssignedTo, tripId, travelers, amount, currency, notes, createdBy).query(Long.class)
			.single();
	}

	/** The lead's assignee changed: its bookings follow it. */
	void copyLeadAssignee(long leadId, @Nullable Long assignedTo) {
		jdbc.sql("UPDATE booking SET lead_assigned_to = ? WHERE lead_id = ? AND lead_assigned_to IS DISTINCT FROM ?")
			.params(assignedTo, leadId, assignedTo).update();
	}

	void update(long id, int travelers, BigDecimal amount, @Nullable String notes) {
		jdbc.sql("UPDATE booking SET travelers = ?, amount = ?, notes = ?, updated_at = now() WHERE id = ?")
			.params(travelers, amount, notes, id).update();
	}

	void markConfirmed(long id) {
		jdbc.sql("UPDATE booking SET status = 'confirmed', confirmed_at = now(), updated_at = now() WHERE id = ?")
			.param(id).update();
	}

	void markCancelled(long id) {
		jdbc.sql("UPDATE booking SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = ?")
			.param(id).update();
	}

	List<Booking> query(String where, Map<String, ?> params, int limit, long offset) {
		return jdbc.sql("SELECT * FROM booking WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.params(params).param("limit", limit).param("offset", offset).query(BookingRepository::map).list();
	}

	long count(String where, Map<String, ?> params) {
		return jdbc.sql("SELECT count(*) FROM booking WHERE " + where).params(params).query(Long.class).single();
	}

	/** Confirmed bookings' totals by currency, confirmed in [from, to); served by the partial index on confirmed_at. */
	List<RevenueView> revenue(@Nullable Instant from, @Nullable Instant to) {
		StringBuilder where = new StringBuilder("status = 'confirmed'");
		Map<String, Object> params = new HashMap<>();
		if (from != null) {
			where.append(" AND confirmed_at >= :from");
			params.put("from", Timestamp.from(from));
		}
		if (to != null) {
			where.append(" AND confirmed_at < :to");
			params.put("to", Timestamp.from(to));
		}
		return jdbc.sql("SELECT currency, sum(amount) AS total, count(*) AS bookings FROM booking WHERE " + where
				+ " GROUP BY currency ORDER BY currency")
			.params(params)
			.query((rs, row) -> new RevenueView(rs.getString("currency"), rs.getBigDecimal("total"), rs.getLong("bookings")))
			.list();
	}

	private static Booking map(ResultSet rs, int row) throws SQLException {
		return new Booking(rs.getLong("id"), rs.getLong("lead_id"), rs.getLong("trip_id"), rs.getInt("travelers"),
				rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("status"), rs.getString("notes"),
				nullableLong(rs, "created_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
				nullableInstant(rs, "confirmed_at"), nullableInstant(rs, "cancelled_at"));
	}

}
