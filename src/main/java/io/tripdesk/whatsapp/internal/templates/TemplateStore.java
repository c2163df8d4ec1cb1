package io.tripdesk.whatsapp.internal.templates;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.tripdesk.shared.database.Columns.instant;

/** Message templates as last synced from the business account, keyed by name and language. */
@Repository
public class TemplateStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TemplateStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<TemplateView> find(String name, String language) {
		return jdbc.sql("SELECT * FROM whatsapp_template WHERE name = ? AND language = ?").params(name, language)
			.query(this::map).optional();
	}

	public List<TemplateView> findAll() {
		return jdbc.sql("SELECT * FROM whatsapp_template ORDER BY name, language").query(this::map).list();
	}

	void upsert(String name, String language, String status, String category, String parameterFormat, JsonNode components) {
		jdbc.sql("""
				INSERT INTO whatsapp_template (name, language, status, category, parameter_format, components, synced_at)
				VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), now())
				ON CONFLICT (name, language) DO UPDATE SET status = EXCLUDED.status, category = EXCLUDED.category,
				    parameter_format = EXCLUDED.parameter_format, components = EXCLUDED.components, synced_at = now()""")
			.params(name, language, status, category, parameterFormat, json.writeValueAsString(components)).update();
	}

	private TemplateView map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		JsonNode components = json.readTree(rs.getString("components"));
		return new TemplateView(rs.getLong("id"), rs.getString("name"), rs.getString("language"), rs.getString("status"),
				rs.getString("category"), rs.getString("parameter_format"), components, bodyParameters(components),
				instant(rs, "synced_at"));
	}

	/** How many {{n}} placeholders the body has: what the dashboard asks the agent to fill in. */
	static int bodyParameters(JsonNode components) {
		for (JsonNode component : components) {
			if ("BODY".equalsIgnoreCase(component.path("type").asString(""))) {
				return (int) java.util.regex.Pattern.compile("\\{\\{[^}]+}}").matcher(component.path("text").asString(""))
					.results().count();
			}
		}
		return 0;
	}

}
