package io.tripdesk.identity.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTests {

	private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

	@Test
	void eachFailureFromTheAllowanceOnLocksTwiceAsLongUpTo15Minutes() {
		assertThat(SignInThrottle.lockAfter(9, 10, NOW)).isNull();
		assertThat(lockFor(10)).isEqualTo(Duration.ofMinutes(1));
		assertThat(lockFor(11)).isEqualTo(Duration.ofMinutes(2));
		assertThat(lockFor(12)).isEqualTo(Duration.ofMinutes(4));
		assertThat(lockFor(13)).isEqualTo(Duration.ofMinutes(8));
		assertThat(lockFor(14)).isEqualTo(Duration.ofMinutes(15));
		assertThat(lockFor(130)).isEqualTo(Duration.ofMinutes(15));
	}

	private static Duration lockFor(int failures) {
		return Duration.between(NOW, SignInThrottle.lockAfter(failures, 10, NOW));
	}

}
