package io.tripdesk.whatsapp.internal.sending;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.whatsapp.internal.messages.MessageView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Queues a message (202 Accepted: it is stored and will be sent). Sending the same request with the same
 * {@code Idempotency-Key} again returns the first message (200) and sends nothing more; the key with another
 * request is a 422.
 */
@RestController
class SendController {

	private final SendService sender;

	private final SendWorker worker;

	SendController(SendService sender, SendWorker worker) {
		this.sender = sender;
		this.worker = worker;
	}

	@PostMapping("/api/whatsapp/send-message")
	ResponseEntity<MessageView> send(@Valid @RequestBody SendRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@AuthenticationPrincipal CurrentUser user) {
		SendService.Queued queued = sender.queue(request, idempotencyKey, user);
		if (queued.created()) {
			worker.wakeUp();
		}
		return ResponseEntity.status(queued.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(queued.message());
	}

}
