package io.tripdesk.whatsapp.internal.templates;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** A template as the dashboard's picker shows it; {@code body_parameters} is how many values it needs. */
public record TemplateView(long id, String name, String language, String status, String category,
		String parameterFormat, JsonNode components, int bodyParameters, Instant syncedAt) {

	public boolean approved() {
		return "APPROVED".equals(status);
	}

}
