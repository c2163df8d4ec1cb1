package io.tripdesk.whatsapp.internal.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Meta's pair rate limit: once it answers 131056 for a customer, nothing more goes to that customer for
 * six seconds (Meta allows one message every six seconds to the same user). Sends to one customer never
 * overlap on a node ({@link #lock}), so a send already on its way cannot slip past a pause just set. Each
 * node keeps its own pauses.
 */
final class RecipientPauses {

	static final int PAIR_RATE_LIMIT = 131056;

	static final Duration PAIR_PAUSE = Duration.ofSeconds(6);

	private final Object[] locks = new Object[64];

	private final Map<Long, Instant> pausedUntil = new ConcurrentHashMap<>();

	RecipientPauses() {
		for (int i = 0; i < locks.length; i++) {
			locks[i] = new Object();
		}
	}

	/** Held while sending to the lead: sends to one customer (and some others sharing the lock) take turns. */
	Object lock(long leadId) {
		return locks[(int) Math.floorMod(leadId, (long) locks.length)];
	}

	/** Until when nothing may be sent to the lead, or null when sending is allowed now. */
	@Nullable Instant pausedUntil(long leadId, Instant now) {
		Instant until = pausedUntil.get(leadId);
		if (until != null && !until.isAfter(now)) {
			pausedUntil.remove(leadId, until);
			return null;
		}
		return until;
	}

	/** Meta said the lead gets too many messages: pauses it for {@link #PAIR_PAUSE}; returns the pause's end. */
	Instant pause(long leadId, Instant now) {
		return pausedUntil.merge(leadId, now.plus(PAIR_PAUSE), (earlier, later) -> later.isAfter(earlier) ? later : earlier);
	}

}
