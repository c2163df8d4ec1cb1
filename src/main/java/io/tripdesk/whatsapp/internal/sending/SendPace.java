package io.tripdesk.whatsapp.internal.sending;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Meta's throughput limit per business number (80 messages a second unless raised; beyond it, error
 * 130429): this node starts its sends at most {@code send-rate} a second, evenly spaced, so a burst of
 * queued messages does not run into it. A quiet spell saves up no burst.
 */
final class SendPace {

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private long next;

	SendPace(int perSecond, LongSupplier nanoTime) {
		this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
		this.nanoTime = nanoTime;
		this.next = nanoTime.getAsLong();
	}

	/** Takes the next free slot; returns how many nanoseconds until it. */
	synchronized long reserve() {
		long now = nanoTime.getAsLong();
		long slot = next - now > 0 ? next : now;
		next = slot + intervalNanos;
		return slot - now;
	}

	/** Waits for the next free slot. */
	void acquire() throws InterruptedException {
		long wait = reserve();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

}
