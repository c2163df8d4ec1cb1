package io.tripdesk.whatsapp.internal.messages;

import java.time.Instant;

/** An agent opened a conversation; Meta's read receipt for the customer's last message goes out after commit. */
public record ConversationRead(long leadId, String lastInboundWamid, Instant at) {
}
