package io.tripdesk.analytics.internal;

import io.tripdesk.shared.database.RedoableWork;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Adds the listeners' pending increments to the shared rollup cells, a few times a second: the charts and
 * key figures are at most that far behind. Redoable work: a flush lost in a crash leaves its increments
 * pending, to be added by the next.
 */
@Component
class SharedCellFlusher {

	private final RollupStore rollups;

	private final MetricsAnnouncer announcer;

	SharedCellFlusher(RollupStore rollups, MetricsAnnouncer announcer) {
		this.rollups = rollups;
		this.announcer = announcer;
	}

	@Scheduled(fixedDelayString = "${tripdesk.analytics.flush-cells-every:250ms}")
	void flush() {
		if (RedoableWork.call(rollups::flushCells) > 0) {
			announcer.changed();
		}
	}

}
