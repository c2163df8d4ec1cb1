package io.tripdesk.trips.internal;

import io.tripdesk.leads.LeadAssigned;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A booking is seen by whoever may see its lead. The copy of the lead's assignee that booking lists filter on
 * changes in the transaction that assigns the lead, so a list never shows a booking its lead would hide.
 */
@Component
class LeadAssignmentListener {

	private final BookingRepository bookings;

	LeadAssignmentListener(BookingRepository bookings) {
		this.bookings = bookings;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void on(LeadAssigned event) {
		bookings.copyLeadAssignee(event.leadId(), event.assignedTo());
	}

}
