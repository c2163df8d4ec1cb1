package io.tripdesk.whatsapp.internal.sandbox;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The message templates the sandbox's business account has, in Meta's listing format. */
@Component
class SandboxTemplates {

	private final JsonMapper json;

	SandboxTemplates(JsonMapper json) {
		this.json = json;
	}

	ArrayNode all() {
		ArrayNode data = json.createArrayNode();
		add(data, "trip_follow_up", "APPROVED", "UTILITY",
				"Hi {{1}}, just checking in about {{2}}. Shall we hold seats for you?", "Yes, hold seats");
		add(data, "booking_confirmation", "APPROVED", "UTILITY",
				"Great news {{1}}! Your booking for {{2}} is confirmed. Total: {{3}}.", null);
		add(data, "welcome_back", "APPROVED", "MARKETING",
				"Hello {{1}}, new departures are out. Want to see them?", "Show me");
		add(data, "summer_sale", "PAUSED", "MARKETING", "Summer sale: {{1}} off every trip this week!", null);
		return data;
	}

	boolean isApproved(String name, String language) {
		return "en_US".equals(language) && all().valueStream().anyMatch(template -> template.path("name").asString("")
			.equals(name) && template.path("status").asString("").equals("APPROVED"));
	}

	private void add(ArrayNode data, String name, String status, String category, String body,
			@Nullable String quickReply) {
		ObjectNode template = data.addObject().put("name", name).put("language", "en_US").put("status", status)
			.put("category", category).put("parameter_format", "POSITIONAL").put("id", "sandbox-" + name);
		ArrayNode components = template.putArray("components");
		components.addObject().put("type", "BODY").put("text", body);
		if (quickReply != null) {
			components.addObject().put("type", "BUTTONS").putArray("buttons").addObject().put("type", "QUICK_REPLY")
				.put("text", quickReply);
		}
	}

}
