package io.tripdesk.trips.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.tripdesk.shared.database.Columns.instant;

@Repository
class TripRepository {

	/** A trip with its confirmed bookings' revenue and count. */
	static final String SELECT = """
			SELECT t.*, coalesce(b.revenue, 0) AS revenue, coalesce(b.confirmed, 0) AS confirmed_bookings
			  FROM trip t
			  LEFT JOIN LATERAL (SELECT sum(amount) AS revenue, count(*) AS confirmed FROM booking
			                      WHERE trip_id = t.id AND status = 'confirmed') b ON TRUE
			""";

	private final JdbcClient jdbc;

	TripRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Trip> findById(long id) {
		return jdbc.sql(SELECT + " WHERE t.id = ?").param(id).query(TripRepository::map).optional();
	}

	Optional<Long> findIdByCode(String code) {
		return jdbc.sql("SELECT id FROM trip WHERE lower(code) = lower(?)").param(code).query(Long.class).optional();
	}

	void lock(long id) {
		jdbc.sql("SELECT id FROM trip WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional();
	}

	List<Trip> query(String where, String orderBy, Map<String, ?> params, int limit, long offset) {
		return jdbc.sql(SELECT + " WHERE " + where + " ORDER BY " + orderBy + " LIMIT :limit OFFSET :offset")
			.params(params).param("limit", limit).param("offset", offset)
			.query(TripRepository::map).list();
	}

	long count(String where, Map<String, ?> params) {
		return jdbc.sql("SELECT count(*) FROM trip t WHERE " + where).params(params).query(Long.class).single();
	}

	long insert(TripRequest trip) {
		return jdbc.sql("""
				INSERT INTO trip (code, title, destination, description, start_date, end_date, price, currency, capacity, status)
				VALUES (:code, :title, :destination, :description, :startDate, :endDate, :price, :currency, :capacity, :status)
				RETURNING id""")
			.param("code", trip.code()).param("title", trip.title()).param("destination", trip.destination())
			.param("description", trip.description()).param("startDate", trip.startDate())
			.param("endDate", trip.endDate()).param("price", trip.price()).param("currency", trip.currency())
			.param("capacity", trip.capacity()).param("status", trip.status())
			.query(Long.class).single();
	}

	void update(long id, TripRequest trip) {
		jdbc.sql("""
				UPDATE trip SET code = :code, title = :title, destination = :destination, description = :description,
				       start_date = :startDate, end_date = :endDate, price = :price, currency = :currency,
				       capacity = :capacity, status = :status, updated_at = now()
				 WHERE id = :id""")
			.param("code", trip.code()).param("title", trip.title()).param("destination", trip.destination())
			.param("description", trip.description()).param("startDate", trip.startDate())
			.param("endDate", trip.endDate()).param("price", trip.price()).param("currency", trip.currency())
			.param("capacity", trip.capacity()).param("status", trip.status()).param("id", id)
			.update();
	}

	/** Holds seats if enough are left; false when it would overbook. Atomic, so concurrent holds never overbook. */
	boolean holdSeats(long id, int seats) {
		return jdbc.sql("""
				UPDATE trip SET seats_booked = seats_booked + :seats, updated_at = now()
				 WHERE id = :id AND seats_booked + :seats <= capacity""")
			.param("seats", seats).param("id", id).update() == 1;
	}

	void releaseSeats(long id, int seats) {
		jdbc.sql("UPDATE trip SET seats_booked = greatest(seats_booked - ?, 0), updated_at = now() WHERE id = ?")
			.params(seats, id).update();
	}

	boolean hasBookings(long id) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM booking WHERE trip_id = ?)").param(id).query(Boolean.class).single();
	}

	void delete(long id) {
		jdbc.sql("DELETE FROM trip WHERE id = ?").param(id).update();
	}

	private static Trip map(ResultSet rs, int row) throws SQLException {
		return new Trip(rs.getLong("id"), rs.getString("code"), rs.getString("title"), rs.getString("destination"),
				rs.getString("description"), rs.getObject("start_date", java.time.LocalDate.class),
				rs.getObject("end_date", java.time.LocalDate.class), rs.getBigDecimal("price"), rs.getString("currency"),
				rs.getInt("capacity"), rs.getInt("seats_booked"), rs.getString("status"), rs.getBigDecimal("revenue"),
				rs.getInt("confirmed_bookings"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

}
