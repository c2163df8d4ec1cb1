package io.tripdesk.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import static io.tripdesk.shared.database.Columns.nullableInstant;

/**
 * Slows password guessing down, alike on every node: failed sign-ins are counted in PostgreSQL per account
 * (the email, known or not) and per client address. Once a count reaches its allowance, each failure locks
 * the account or address, for twice as long as the one before: 1 minute, 2, 4, 8, then 15 at most. While
 * either is locked, every sign-in with it is refused, the right password too.
 * <p>
 * An address is allowed fewer failures than an account, and an address past its allowance adds no more to
 * an account's count: guessing from one address never locks the account's owner out, guessing from many
 * locks them out for 15 minutes at most. A right password clears its account's count; its address keeps
 * its other failures, so signing in to an account of one's own does not buy more guesses at another.
 * <p>
 * An attempt counts as failed from its start until its password proves right, so a burst of parallel
 * guesses is counted before any of them is checked.
 */
@Component
class SignInThrottle {

	static final int ADDRESS_ALLOWANCE = 10;

	static final int ACCOUNT_ALLOWANCE = 20;

	static final Duration FIRST_LOCK = Duration.ofMinutes(1);

	static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

	/** Failures are forgotten this long after the last one. */
	static final Duration FORGET_AFTER = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	SignInThrottle(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Counts a sign-in attempt as failed until {@link #succeeded} says otherwise.
	 * @throws ProblemException a 429 with {@code Retry-After} while the account or the address is locked; the
	 * refused attempt is not counted
	 */
	@Transactional
	Attempt begin(String email, String address) {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
		String account = email.trim().toLowerCase(Locale.ROOT);
		Optional<Integer> addressFailures = claim(Scope.ADDRESS, address, now);
		if (addressFailures.isEmpty()) {
			throw refusal(account, address, now);
		}
		Instant addressLock = lockAfter(addressFailures.get(), ADDRESS_ALLOWANCE, now);
		if (addressLock != null) {
			lock(Scope.ADDRESS, address, addressLock);
		}
		if (addressFailures.get() <= ADDRESS_ALLOWANCE) {
			Optional<Integer> accountFailures = claim(Scope.ACCOUNT, account, now);
			if (accountFailures.isEmpty()) {
				throw refusal(account, address, now);
			}
			Instant accountLock = lockAfter(accountFailures.get(), ACCOUNT_ALLOWANCE, now);
			if (accountLock != null) {
				lock(Scope.ACCOUNT, account, accountLock);
			}
		}
		else if (lockedUntil(Scope.ACCOUNT, account, now) != null) {
			throw refusal(account, address, now);
		}
		return new Attempt(account, address, addressLock);
	}

	/** The attempt's password was right: its account's failures are cleared, and its own count on the address. */
	@Transactional
	void succeeded(Attempt attempt) {
		jdbc.sql("DELETE FROM sign_in_failure WHERE scope = ? AND subject = ?")
			.params(Scope.ACCOUNT.value(), attempt.account()).update();
		jdbc.sql("""
				UPDATE sign_in_failure SET failures = greatest(failures - 1, 0),
				  locked_until = CASE WHEN locked_until = :lock THEN NULL ELSE locked_until END
				WHERE scope = :scope AND subject = :subject""")
			.param("lock", attempt.addressLock() == null ? null : timestamp(attempt.addressLock()))
			.param("scope", Scope.ADDRESS.value())
			.param("subject", attempt.address())
			.update();
	}

	/** Deletes the counts whose last failure is long enough ago to be forgotten. */
	int forgetOld() {
		return jdbc.sql("DELETE FROM sign_in_failure WHERE last_failure_at < ?")
			.param(timestamp(clock.instant().minus(FORGET_AFTER))).update();
	}

	/** Adds a failure to an unlocked count (starting over when the last is forgotten); empty while locked. */
	private Optional<Integer> claim(Scope scope, String subject, Instant now) {
		return jdbc.sql("""
				INSERT INTO sign_in_failure AS f (scope, subject, failures, last_failure_at)
				VALUES (:scope, :subject, 1, :now)
				ON CONFLICT (scope, subject) DO UPDATE
				SET failures = CASE WHEN f.last_failure_at < :forgetBefore THEN 1 ELSE f.failures + 1 END,
				    last_failure_at = :now
				WHERE f.locked_until IS NULL OR f.locked_until <= :now
				RETURNING failures""")
			.param("scope", scope.value())
			.param("subject", subject)
			.param("now", timestamp(now))
			.param("forgetBefore", timestamp(now.minus(FORGET_AFTER)))
			.query(Integer.class).optional();
	}

	private void lock(Scope scope, String subject, Instant until) {
		jdbc.sql("UPDATE sign_in_failure SET locked_until = ? WHERE scope = ? AND subject = ?")
			.params(timestamp(until), scope.value(), subject).update();
	}

	private @Nullable Instant lockedUntil(Scope scope, String subject, Instant now) {
		return jdbc.sql("SELECT locked_until FROM sign_in_failure WHERE scope = ? AND subject = ? AND locked_until > ?")
			.params(scope.value(), subject, timestamp(now))
			.query((rs, row) -> nullableInstant(rs, "locked_until")).optional().orElse(null);
	}

	private ProblemException refusal(String account, String address, Instant now) {
		Instant until = later(lockedUntil(Scope.ACCOUNT, account, now), lockedUntil(Scope.ADDRESS, address, now));
		long seconds = until == null ? 1 : Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
		log.warn("Sign-in throttled retryAfterSeconds={}", seconds);
		ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ins",
				"Too many failed sign-ins",
				"Too many failed sign-ins for this account or from this address. Try again in " + seconds
						+ " seconds.");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
	}

	/** The end of the lock the {@code failures}th failure earns, if it is past the allowance. */
	static @Nullable Instant lockAfter(int failures, int allowance, Instant now) {
		if (failures < allowance) {
			return null;
		}
		int doublings = Math.min(failures - allowance, 10);
		Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
		return now.plus(lock.compareTo(LONGEST_LOCK) < 0 ? lock : LONGEST_LOCK);
	}

	private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
		return a == null ? b : b == null || a.isAfter(b) ? a : b;
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private enum Scope {

		ACCOUNT, ADDRESS;

		/** As stored in {@code sign_in_failure.scope}. */
		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** A sign-in under way: whom it is for, from where, and the address lock it set, if any. */
	record Attempt(String account, String address, @Nullable Instant addressLock) {
	}

}
