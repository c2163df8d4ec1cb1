package io.tripdesk.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Waits for work that happens after a commit or a webhook's answer, polling with a deadline. */
public final class Eventually {

	private static final Duration DEFAULT = Duration.ofSeconds(15);

	private Eventually() {
	}

	public static void await(BooleanSupplier condition, String what) {
		await(condition, DEFAULT, what);
	}

	public static void await(BooleanSupplier condition, Duration timeout, String what) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (condition.getAsBoolean()) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
	}

}
