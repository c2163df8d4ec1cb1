package io.tripdesk.whatsapp.internal.messages;

import io.tripdesk.whatsapp.internal.sending.GraphClient;
import io.tripdesk.whatsapp.internal.sending.GraphException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Sends Meta's read receipt when an agent opens a conversation; a failure only costs the customer the blue ticks. */
@Component
class ReadReceipts {

	private static final Logger log = LoggerFactory.getLogger(ReadReceipts.class);

	private final GraphClient graph;

	ReadReceipts(GraphClient graph) {
		this.graph = graph;
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true)
	void on(ConversationRead read) {
		try {
			graph.markRead(read.lastInboundWamid());
		}
		catch (GraphException ex) {
			log.info("Read receipt not sent leadId={} code={}", read.leadId(), ex.code());
		}
	}

}
