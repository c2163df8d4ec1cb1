package io.tripdesk.whatsapp.internal.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.leads.LeadSummary;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inbox: conversations with their last message, unread count and 24-hour window, filtered to
 * {@code unread}, {@code mine} or {@code unassigned}; a conversation's messages, newest first; and
 * marking one read (which also tells the customer, with Meta's read receipt).
 */
@RestController
@RequestMapping("/api/whatsapp/conversations")
class ConversationController {

	private static final Duration WINDOW = Duration.ofHours(24);

	private final ConversationStore conversations;

	private final MessageStore messages;

	private final LeadManagement leads;

	private final ApplicationEventPublisher publisher;

	ConversationController(ConversationStore conversations, MessageStore messages, LeadManagement leads,
			ApplicationEventPublisher publisher) {
		this.conversations = conversations;
		this.messages = messages;
		this.leads = leads;
		this.publisher = publisher;
	}

	@GetMapping
	PageResponse<ConversationView> list(@RequestParam(required = false) @Nullable String filter, PageQuery page,
			@AuthenticationPrincipal CurrentUser user) {
		List<String> where = new ArrayList<>(List.of("TRUE"));
		Map<String, Object> params = new HashMap<>();
		if (!user.isAdmin()) {
			where.add("(assigned_to = :viewer OR assigned_to IS NULL)");
			params.put("viewer", user.id());
		}
		if (filter != null && !filter.isBlank()) {
			for (String part : filter.split(",")) {
				switch (part.trim()) {
					case "unread" -> where.add("unread_count > 0");
					case "mine" -> {
						where.add("assigned_to = :me");
						params.put("me", user.id());
					}
					case "unassigned" -> where.add("assigned_to IS NULL");
					default -> throw ProblemException.invalid("filter", "must be unread, mine or unassigned (comma-separated)");
				}
			}
		}
		String condition = String.join(" AND ", where);
		Instant now = Instant.now();
		List<ConversationView> results = conversations.list(condition, params, page.pageSize(), page.offset()).stream()
			.map(row -> view(row, leads.find(row.leadId(), CurrentUser.system()).orElse(null), now)).toList();
		return PageResponse.of(results, conversations.count(condition, params), page);
	}

	@GetMapping("/{leadId}")
	ConversationView get(@PathVariable long leadId, @AuthenticationPrincipal CurrentUser user) {
		LeadSummary lead = leads.get(leadId, user);
		return conversations.find(leadId).map(row -> view(row, lead, Instant.now()))
			.orElseThrow(() -> ProblemException.notFound("Conversation with lead", leadId));
	}

	@GetMapping("/{leadId}/messages")
	PageResponse<MessageView> messages(@PathVariable long leadId, PageQuery page,
			@AuthenticationPrincipal CurrentUser user) {
		leads.get(leadId, user);
		return PageResponse.of(messages.history(leadId, page.pageSize(), page.offset()), messages.count(leadId), page);
	}

	/** Opened by an agent: unread goes to zero and the customer sees blue ticks (sent in the background). */
	@PostMapping("/{leadId}/read")
	ConversationView markRead(@PathVariable long leadId, @AuthenticationPrincipal CurrentUser user) {
		leads.get(leadId, user);
		conversations.markRead(leadId)
			.ifPresent(wamid -> publisher.publishEvent(new ConversationRead(leadId, wamid, Instant.now())));
		return get(leadId, user);
	}

	private static ConversationView view(ConversationStore.Row row, @Nullable LeadSummary lead, Instant now) {
		Instant expires = row.lastInboundAt() == null ? null : row.lastInboundAt().plus(WINDOW);
		return new ConversationView(row.leadId(), lead == null ? "(deleted lead)" : lead.name(),
				lead == null ? null : lead.phone(), row.assignedTo(), row.lastMessageAt(), row.lastMessagePreview(),
				row.lastDirection(), row.unreadCount(),
				new ConversationView.Window(expires != null && expires.isAfter(now), row.lastInboundAt(), expires));
	}

}
