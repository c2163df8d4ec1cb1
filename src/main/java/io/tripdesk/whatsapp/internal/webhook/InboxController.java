package io.tripdesk.whatsapp.internal.webhook;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins put dead notifications back into processing, e.g. once the bug that stopped them is fixed.
 * The status page shows how many are dead and why.
 */
@RestController
class InboxController {

	private static final Logger log = LoggerFactory.getLogger(InboxController.class);

	private final WebhookInbox inbox;

	private final InboxWorker worker;

	InboxController(WebhookInbox inbox, InboxWorker worker) {
		this.inbox = inbox;
		this.worker = worker;
	}

	record Requeued(int requeued) {
	}

	@PostMapping("/api/whatsapp/inbox/retry-dead")
	Requeued retryDead(@AuthenticationPrincipal CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"Only admins retry dead WhatsApp notifications.");
		}
		int requeued = inbox.retryDead();
		log.info("Dead webhook notifications requeued count={} userId={}", requeued, user.id());
		worker.wakeUp();
		return new Requeued(requeued);
	}

}
