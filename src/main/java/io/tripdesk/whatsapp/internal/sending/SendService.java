package io.tripdesk.whatsapp.internal.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadEventType;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.whatsapp.MessageStatusChanged;
import io.tripdesk.whatsapp.MessageStatusesChanged;
import io.tripdesk.whatsapp.internal.messages.ConversationStore;
import io.tripdesk.whatsapp.internal.messages.MessageStore;
import io.tripdesk.whatsapp.internal.messages.MessageView;
import io.tripdesk.whatsapp.internal.templates.TemplateStore;
import io.tripdesk.whatsapp.internal.templates.TemplateView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Accepts a message for sending: checks it (the lead may be worked on, the 24-hour window is open for
 * free-form messages, the template is approved), stores it as queued under its idempotency key, and
 * leaves the sending to the {@link SendWorker}. Nothing reaches Meta before it is stored.
 */
@Service
public class SendService {

	static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

	private final MessageStore messages;

	private final ConversationStore conversations;

	private final TemplateStore templates;

	private final LeadManagement leads;

	private final ApplicationEventPublisher publisher;

	private final JsonMapper json;

	SendService(MessageStore messages, ConversationStore conversations, TemplateStore templates, LeadManagement leads,
			ApplicationEventPublisher publisher, JsonMapper json) {
		this.messages = messages;
		this.conversations = conversations;
		this.templates = templates;
		this.leads = leads;
		this.publisher = publisher;
		this.json = json;
	}

	public record Queued(MessageView message, boolean created) {
	}

	/** When the customer last wrote, and until when free-form messages are allowed. */
	public record Window(boolean open, @Nullable Instant lastInboundAt, @Nullable Instant expiresAt) {

		static Window of(@Nullable Instant lastInboundAt, Instant now) {
			Instant expires = lastInboundAt == null ? null : lastInboundAt.plus(CUSTOMER_SERVICE_WINDOW);
			return new Window(expires != null && expires.isAfter(now), lastInboundAt, expires);
		}

	}

	public Window window(long leadId) {
		return Window.of(conversations.find(leadId).map(ConversationStore.Row::lastInboundAt).orElse(null), Instant.now());
	}

	@Transactional
	Queued queue(SendRequest request, @Nullable String idempotencyHeader, CurrentUser actor) {
		LeadSummary lead = leads.get(request.leadId(), actor);
		if (lead.waId() == null && lead.phone() == null && lead.waUserId() == null) {
			throw ProblemException.invalid("lead_id", "this lead has no WhatsApp number");
		}
		String key = idempotencyHeader != null && !idempotencyHeader.isBlank() ? idempotencyHeader.trim()
				: request.idempotencyKey() != null ? request.idempotencyKey() : UUID.randomUUID().toString();
		String fingerprint = request.fingerprint(json);
		Optional<MessageStore.KeyedSend> existing = messages.findByIdempotencyKey(key);
		if (existing.isPresent()) {
			// The same key for another request is a client's mistake, not a retry (IETF draft on Idempotency-Key).
			if (existing.get().fingerprint() != null && !existing.get().fingerprint().equals(fingerprint)) {
				throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
						"Idempotency key reused", "This idempotency key was used for another message. Send a new "
								+ "message with a new key; send the same request again to get the first answer.");
			}
			return new Queued(messages.find(existing.get().id()).orElseThrow(), false);
		}
		Window window = window(lead.id());
		if (!request.type().equals("template") && !window.open()) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "whatsapp-window-closed",
					"Template needed",
					window.lastInboundAt() == null ? "The customer has not written yet: start the conversation with an approved template."
							: "More than 24 hours have passed since the customer last wrote (" + window.lastInboundAt()
									+ "): only an approved template can be sent until they write again.")
				.with("window", window);
		}
		ObjectNode content = content(request);
		String contextWamid = request.replyTo() == null ? null : replyTarget(request.replyTo(), lead.id());
		Instant now = Instant.now();
		long id = messages.insertQueued(new MessageStore.Outbound(lead.id(), request.type(), body(request), content,
				contextWamid, key, fingerprint, actor.id(), !actor.isSystem(), now))
			.orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "duplicate-send", "Sent already",
					"A message with this idempotency key is being queued right now."));
		MessageView queued = messages.find(id).orElseThrow();
		conversations.recordOutbound(lead.id(), lead.assignedTo(), now, preview(queued));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("message_id", id);
		event.put("type", request.type());
		event.put("preview", preview(queued));
		leads.addEvent(lead.id(), LeadEventType.MESSAGE_OUT, event, actor);
		publisher.publishEvent(new MessageStatusesChanged(List.of(new MessageStatusChanged(id, lead.id(), null, "queued",
				null, null, lead.assignedTo(), !actor.isSystem(), now))));
		return new Queued(queued, true);
	}

	private ObjectNode content(SendRequest request) {
		ObjectNode content = json.createObjectNode();
		switch (request.type()) {
			case "text" -> {
				if (request.text() == null || request.text().isBlank()) {
					throw ProblemException.invalid("text", "is required for a text message");
				}
				content.putObject("text").put("body", request.text()).put("preview_url", Boolean.TRUE.equals(request.previewUrl()));
			}
			case "template" -> content.set("template", template(request.template()));
			default -> content.set(request.type(), media(request.type(), request.media()));
		}
		return content;
	}

	private ObjectNode template(SendRequest.@Nullable Template requested) {
		if (requested == null) {
			throw ProblemException.invalid("template", "is required for a template message");
		}
		String language = requested.language() == null ? "en_US" : requested.language();
		TemplateView template = templates.find(requested.name(), language)
			.orElseThrow(() -> ProblemException.invalid("template.name",
					"no template '" + requested.name() + "' in " + language + "; sync the templates or pick another"));
		if (!template.approved()) {
			throw ProblemException.invalid("template.name", "template is " + template.status() + ", not approved");
		}
		List<String> parameters = requested.parameters() == null ? List.of() : requested.parameters();
		if (parameters.size() != template.bodyParameters()) {
			throw ProblemException.invalid("template.parameters",
					"the template needs " + template.bodyParameters() + " value(s), got " + parameters.size());
		}
		ObjectNode node = json.createObjectNode().put("name", template.name());
		node.putObject("language").put("code", language);
		if (!parameters.isEmpty()) {
			ArrayNode values = node.putArray("components").addObject().put("type", "body").putArray("parameters");
			parameters.forEach(value -> values.addObject().put("type", "text").put("text", value));
		}
		return node;
	}

	private ObjectNode media(String type, SendRequest.@Nullable Media media) {
		if (media == null || (media.link() == null) == (media.id() == null)) {
			throw ProblemException.invalid("media", "give either a link or an uploaded media id");
		}
		ObjectNode node = json.createObjectNode();
		if (media.link() != null) {
			node.put("link", media.link());
		}
		else {
			node.put("id", media.id());
		}
		if (media.caption() != null) {
			node.put("caption", media.caption());
		}
		if (type.equals("document") && media.filename() != null) {
			node.put("filename", media.filename());
		}
		return node;
	}

	private String replyTarget(long messageId, long leadId) {
		MessageView target = messages.find(messageId).filter(message -> message.leadId() == leadId)
			.orElseThrow(() -> ProblemException.invalid("reply_to", "is not a message of this conversation"));
		if (target.wamid() == null) {
			throw ProblemException.invalid("reply_to", "that message has not reached WhatsApp yet");
		}
		return target.wamid();
	}

	private static @Nullable String body(SendRequest request) {
		return switch (request.type()) {
			case "text" -> request.text();
			case "template" -> request.template() == null ? null : request.template().name();
			default -> request.media() == null ? null : request.media().caption();
		};
	}

	private static String preview(MessageView message) {
		String body = message.body() == null ? "" : message.body();
		String text = switch (message.type()) {
			case "template" -> "Template: " + body;
			case "image" -> body.isEmpty() ? "Photo" : "Photo: " + body;
			case "document" -> body.isEmpty() ? "Document" : "Document: " + body;
			default -> body;
		};
		return text.length() <= 140 ? text : text.substring(0, 139) + "…";
	}

}
