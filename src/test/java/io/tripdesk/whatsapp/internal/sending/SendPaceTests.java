package io.tripdesk.whatsapp.internal.sending;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendPaceTests {

	private final AtomicLong now = new AtomicLong(-5_000_000_000L);

	private final SendPace pace = new SendPace(4, now::get);

	@Test
	void aBurstIsSpacedEvenlySoNoSecondHoldsMoreThanTheRate() {
		long[] waits = new long[8];
		for (int i = 0; i < waits.length; i++) {
			waits[i] = pace.reserve();
		}

		assertThat(waits).containsExactly(0, millis(250), millis(500), millis(750), millis(1000), millis(1250),
				millis(1500), millis(1750));
	}

	@Test
	void aQuietSpellSavesUpNoBurst() {
		pace.reserve();
		now.addAndGet(TimeUnit.SECONDS.toNanos(10));

		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isEqualTo(millis(250));
	}

	@Test
	void aSlotTakenLateCountsFromWhenItWasTaken() {
		pace.reserve();
		now.addAndGet(millis(400));

		assertThat(pace.reserve()).isZero();
		assertThat(pace.reserve()).isEqualTo(millis(250));
	}

	private static long millis(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
