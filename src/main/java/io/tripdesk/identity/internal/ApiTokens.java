package io.tripdesk.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.Role;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.tripdesk.shared.database.Columns.instant;
import static io.tripdesk.shared.database.Columns.nullableInstant;

/**
 * Personal API tokens for integrations: {@code Authorization: Bearer td_…}. Only a SHA-256 of a token
 * is stored; the token itself is shown once, when it is created.
 */
@Service
class ApiTokens {

	static final String PREFIX = "td_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final AuditLog auditLog;

	ApiTokens(JdbcClient jdbc, AuditLog auditLog) {
		this.jdbc = jdbc;
		this.auditLog = auditLog;
	}

	@Transactional
	CreatedToken create(CurrentUser owner, CreateTokenRequest request) {
		if (request.expiresInDays() != null && (request.expiresInDays() < 1 || request.expiresInDays() > 3650)) {
			throw ProblemException.invalid("expires_in_days", "must be from 1 to 3650");
		}
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant expiresAt = request.expiresInDays() == null ? null
				: Instant.now().plus(request.expiresInDays(), ChronoUnit.DAYS);
		long id = jdbc.sql("INSERT INTO api_token (user_id, name, token_hash, prefix, expires_at) "
				+ "VALUES (?, ?, ?, ?, ?) RETURNING id")
			.params(owner.requireId(), request.name().trim(), hash(token), token.substring(0, 7),
					expiresAt == null ? null : java.sql.Timestamp.from(expiresAt))
			.query(Long.class).single();
		TokenView view = find(owner, id);
		auditLog.record(owner, "api_token", id, "create", null, view);
		return new CreatedToken(view, token);
	}

	List<TokenView> list(CurrentUser owner) {
		return jdbc.sql("SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at FROM api_token "
				+ "WHERE user_id = ? ORDER BY created_at DESC").param(owner.requireId())
			.query((rs, row) -> new TokenView(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
					instant(rs, "created_at"), nullableInstant(rs, "expires_at"), nullableInstant(rs, "last_used_at"),
					nullableInstant(rs, "revoked_at")))
			.list();
	}

	@Transactional
	void revoke(CurrentUser owner, long id) {
		TokenView before = find(owner, id);
		jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL").param(id).update();
		auditLog.record(owner, "api_token", id, "revoke", before, find(owner, id));
	}

	/** The user a presented token belongs to, if the token is known, unrevoked, unexpired and its user active. */
	Optional<CurrentUser> authenticate(String token) {
		if (!token.startsWith(PREFIX)) {
			return Optional.empty();
		}
		byte[] hash = hash(token);
		Optional<CurrentUser> user = jdbc.sql("""
				SELECT u.id, u.email, u.name, u.role FROM api_token t JOIN app_user u ON u.id = t.user_id
				WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
				  AND u.active""")
			.param(hash)
			.query((rs, row) -> new CurrentUser(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
					Role.valueOf(rs.getString("role"))))
			.optional();
		// One write a minute at most per token, not one per request.
		user.ifPresent(u -> jdbc.sql("UPDATE api_token SET last_used_at = now() WHERE token_hash = ? "
				+ "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')").param(hash).update());
		return user;
	}

	private TokenView find(CurrentUser owner, long id) {
		return list(owner).stream().filter(t -> t.id() == id).findFirst()
			.orElseThrow(() -> ProblemException.notFound("API token", id));
	}

	private static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

	record TokenView(long id, String name, String prefix, Instant createdAt, @Nullable Instant expiresAt,
			@Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
	}

	/** Returned once, at creation: the only time the token itself is shown. */
	record CreatedToken(TokenView token, String secret) {
	}

}
