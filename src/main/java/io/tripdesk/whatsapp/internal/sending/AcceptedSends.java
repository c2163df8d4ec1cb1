package io.tripdesk.whatsapp.internal.sending;

import java.time.Instant;
import java.util.List;

import io.tripdesk.leads.LeadManagement;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records that Meta has one of our messages: its wamid (which ends its send for good), the lead's last
 * outbound time and the {@code accepted} event. Whoever learns of it first records it, once: the send
 * worker from Meta's answer, or a status webhook that names the message by our callback data (the answer
 * was lost with a node that died). Runs in the caller's transaction.
 */
@Component
public class AcceptedSends {

	private final MessageStore messages;

	private final LeadManagement leads;

	private final ApplicationEventPublisher publisher;

	AcceptedSends(MessageStore messages, LeadManagement leads, ApplicationEventPublisher publisher) {
		this.messages = messages;
		this.leads = leads;
		this.publisher = publisher;
	}

	/** Returns whether this recorded it: false when a wamid was recorded for the message already. */
	public boolean record(long messageId, long leadId, boolean byPerson, @Nullable Long assignedTo, String wamid,
			Instant at) {
		if (!messages.markAccepted(messageId, wamid)) {
			return false;
		}
		leads.recordOutbound(leadId, at, byPerson);
		publisher.publishEvent(new MessageStatusesChanged(List.of(new MessageStatusChanged(messageId, leadId, wamid,
				"accepted", null, null, assignedTo, byPerson, at))));
		return true;
	}

}
