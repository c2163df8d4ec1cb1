package io.tripdesk.leads.internal;

import io.tripdesk.shared.database.RedoableWork;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps lead_tally_change short, since every count reads its pending changes beside the tally. Redoable
 * work: a fold lost in a crash leaves its changes pending, to be folded by the next.
 */
@Component
class LeadTallyFolder {

	private final LeadRepository leads;

	LeadTallyFolder(LeadRepository leads) {
		this.leads = leads;
	}

	@Scheduled(fixedDelayString = "${tripdesk.leads.fold-tally-every:1s}")
	void fold() {
		RedoableWork.call(leads::foldTally);
	}

}
