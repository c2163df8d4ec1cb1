package io.tripdesk.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.tripdesk.identity.Role;
import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private static final String COLUMNS = "id, email, name, password_hash, role, active, created_at, updated_at, last_login_at";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<User> findById(long id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = ?").param(id).query(UserRepository::map)
			.optional();
	}

	Optional<User> findByEmail(String email) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE lower(email) = lower(?)").param(email)
			.query(UserRepository::map).optional();
	}

	boolean existsByEmail(String email) {
		return jdbc.sql("SELECT count(*) FROM app_user WHERE lower(email) = lower(?)").param(email)
			.query(Long.class).single() > 0;
	}

	long count() {
		return jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single();
	}

	List<User> findAll(@Nullable Role role, @Nullable Boolean active) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE (CAST(:role AS text) IS NULL OR role = :role) "
				+ "AND (CAST(:active AS boolean) IS NULL OR active = :active) ORDER BY name, id")
			.param("role", role == null ? null : role.name())
			.param("active", active)
			.query(UserRepository::map).list();
	}

	User insert(String email, String name, String passwordHash, Role role) {
		long id = jdbc.sql("INSERT INTO app_user (email, name, password_hash, role) VALUES (?, ?, ?, ?) RETURNING id")
			.params(email, name, passwordHash, role.name()).query(Long.class).single();
		return findById(id).orElseThrow();
	}

	void update(long id, String name, Role role, boolean active) {
		jdbc.sql("UPDATE app_user SET name = ?, role = ?, active = ?, updated_at = now() WHERE id = ?")
			.params(name, role.name(), active, id).update();
	}

	void updatePassword(long id, String passwordHash) {
		jdbc.sql("UPDATE app_user SET password_hash = ?, updated_at = now() WHERE id = ?").params(passwordHash, id)
			.update();
	}

	void touchLogin(long id) {
		jdbc.sql("UPDATE app_user SET last_login_at = now() WHERE id = ?").param(id).update();
	}

	private static User map(ResultSet rs, int row) throws SQLException {
		return new User(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getString("password_hash"),
				Role.valueOf(rs.getString("role")), rs.getBoolean("active"), instant(rs, "created_at"),
				instant(rs, "updated_at"), nullableInstant(rs, "last_login_at"));
	}

}
