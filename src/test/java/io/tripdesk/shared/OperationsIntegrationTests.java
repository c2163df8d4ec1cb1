package io.tripdesk.shared;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsIntegrationTests extends IntegrationTest {

	@Test
	void theOpenApiDescriptionUsesTheApisSnakeCaseNames() {
		JsonNode docs = anonymous().get("/v3/api-docs").json();

		assertThat(docs.get("paths").has("/api/leads")).isTrue();
		JsonNode leadView = docs.get("components").get("schemas").get("LeadView").get("properties");
		assertThat(leadView.has("assigned_to")).isTrue();
		assertThat(leadView.has("assignedTo")).isFalse();
	}

	@Test
	void prometheusMetricsAreForAdmins() {
		assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);

		var metrics = admin().getAccepting("/actuator/prometheus", "text/plain");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("http_server_requests");
	}

	@Test
	void unknownApiPathsAreProblemsNotPages() {
		var response = admin().get("/api/no-such-thing/");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void swaggerUiRunsUnderTheContentSecurityPolicy() {
		var page = anonymous().getAccepting("/swagger-ui/index.html", "text/html");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.headers().get("content-security-policy").get(0)).contains("script-src 'self';")
			.contains("style-src 'self' 'unsafe-inline';").contains("img-src 'self' data: blob:;");
		Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.text());
		int count = 0;
		while (scripts.find()) {
			assertThat(scripts.group(1)).as("a script the policy allows comes from a file").contains("src=");
			count++;
		}
		assertThat(count).isPositive();
		assertThat(anonymous().getAccepting("/swagger-ui/swagger-initializer.js", "*/*").status()).isEqualTo(200);
	}

}
