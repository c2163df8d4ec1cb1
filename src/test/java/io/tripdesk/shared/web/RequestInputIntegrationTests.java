package io.tripdesk.shared.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input every endpoint reads the same way: numbers in paths and queries, JSON scalars, text and days. Loose
 * input is a 400 naming the field, and changes nothing.
 */
class RequestInputIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	private long createLead(ApiClient client, String name, String phone) {
		var response = client.post("/api/leads/", Map.of("name", name, "phone", phone));
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private static JsonNode problem(ApiClient.ApiResponse response, String field) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo(field);
		return error;
	}

	private static String arabicIndic(long number) {
		StringBuilder digits = new StringBuilder();
		for (char digit : Long.toString(number).toCharArray()) {
			digits.append((char) ('\u0660' + digit - '0'));
		}
		return URLEncoder.encode(digits.toString(), StandardCharsets.UTF_8);
	}

	@Test
	void idsAndNumbersInPathsAndQueriesArePlainAsciiDecimals() {
		ApiClient admin = admin();
		long lead = createLead(admin, "Path Ana", "+351 912 000 101");
		assertThat(admin.get("/api/leads/" + lead + "/").status()).isEqualTo(200);

		problem(admin.get("/api/leads/0x" + Long.toHexString(lead) + "/"), "id");
		problem(admin.get("/api/leads/%23" + Long.toHexString(lead) + "/"), "id");
		problem(admin.get("/api/leads/" + arabicIndic(lead) + "/"), "id");
		JsonNode spaced = problem(admin.get("/api/leads/%20" + lead + "/"), "id");
		assertThat(spaced.get("message").asString()).isEqualTo("is not a valid whole number");
		problem(admin.get("/api/tasks/?lead=0x" + Long.toHexString(lead)), "lead");
		problem(admin.get("/api/tasks/?lead=" + arabicIndic(lead)), "lead");
		problem(admin.get("/api/analytics/metrics/?assigned_to=1.5"), "assigned_to");
		problem(admin.get("/api/tasks/?page=" + arabicIndic(1)), "page");
		problem(admin.get("/api/tasks/?page_size=%2010"), "page_size");
		assertThat(admin.get("/api/tasks/?lead=" + lead + "&page=1&page_size=10").status()).isEqualTo(200);
	}

	@Test
	void aQueryStringTheServerCannotReadIsABadRequest() {
		ApiClient admin = admin();

		for (String query : new String[] { "?page=1&=x", "?=1%3B%20drop%20table%20lead" }) {
			var response = admin.get("/api/leads/" + query);
			assertThat(response.status()).as(query + " " + response.text()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).endsWith("/malformed-parameters");
			assertThat(response.text()).doesNotContain("Exception", "drop table");
		}
		assertThat(admin.get("/api/leads/?page=1").status()).isEqualTo(200);
	}

	@Test
	void aFormBodyWithAParameterNameTheFirewallRefusesIsABadRequest() {
		var response = admin().postBytes("/api/leads/bulk/", "a%01b=1".getBytes(StandardCharsets.US_ASCII),
				Map.of("Content-Type", "application/x-www-form-urlencoded"));

		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).endsWith("/rejected-request");
		assertThat(response.text()).doesNotContain("Exception", "a\u0001b");
	}

	@Test
	void jsonNumbersAndBooleansMustBeJsonNumbersAndBooleans() {
		ApiClient admin = admin();
		long before = jdbc.sql("SELECT count(*) FROM lead").query(Long.class).single();

		Map<String, Object> lead = new HashMap<>(Map.of("name", "Float Ana", "phone", "+351 912 000 102"));
		lead.put("travelers", 1.5);
		JsonNode fraction = problem(admin.post("/api/leads/", lead), "travelers");
		assertThat(fraction.get("message").asString()).isEqualTo("is not a valid whole number");
		lead.put("travelers", 2.0);
		problem(admin.post("/api/leads/", lead), "travelers");
		lead.put("travelers", "\u0662");
		problem(admin.post("/api/leads/", lead), "travelers");
		lead.put("travelers", "2");
		problem(admin.post("/api/leads/", lead), "travelers");
		assertThat(jdbc.sql("SELECT count(*) FROM lead").query(Long.class).single()).isEqualTo(before);
		problem(admin.post("/api/bookings/", Map.of("lead_id", 1, "trip_id", 1, "travelers", 1.5)), "travelers");

		long agent = userId(newAgent("input.agent@test.local"));
		problem(admin.patch("/api/users/" + agent + "/", Map.of("is_active", 0)), "is_active");
		problem(admin.patch("/api/users/" + agent + "/", Map.of("is_active", "false")), "is_active");
		assertThat(admin.get("/api/users/" + agent + "/").json().get("is_active").asBoolean()).isTrue();

		lead.put("travelers", 2);
		lead.put("budget", "1500.50");
		var created = admin.post("/api/leads/", lead);
		assertThat(created.status()).as("decimals may come as strings: " + created.text()).isEqualTo(201);
		assertThat(created.json().get("travelers").asInt()).isEqualTo(2);
	}

	@Test
	void textWithANulCharacterIsRefusedNamingTheField() {
		ApiClient admin = admin();
		long before = jdbc.sql("SELECT count(*) FROM lead").query(Long.class).single();

		JsonNode name = problem(admin.post("/api/leads/", Map.of("name", "Ana\u0000", "phone", "+351 912 000 103")),
				"name");
		assertThat(name.get("message").asString()).contains("NUL");
		problem(admin.post("/api/leads/", Map.of("name", "Ana", "phone", "+351 912 000 103", "tags",
				java.util.List.of("vip", "\u0000"))), "tags[1]");
		assertThat(jdbc.sql("SELECT count(*) FROM lead").query(Long.class).single()).isEqualTo(before);

		long lead = createLead(admin, "Nul Ana", "+351 912 000 104");
		problem(admin.patch("/api/leads/" + lead + "/", Map.of("destination", "Bali\u0000")), "destination");
		problem(admin.post("/api/leads/" + lead + "/notes/", Map.of("text", "\u0000")), "text");
		problem(admin.post("/api/tasks/", Map.of("title", "Call\u0000back")), "title");
		assertThat(admin.get("/api/leads/" + lead + "/").json().get("destination").isNull()).isTrue();
	}

	@Test
	void daysInBodiesMustFallWithinTheSupportedRange() {
		ApiClient admin = admin();
		Map<String, Object> lead = new HashMap<>(Map.of("name", "Day Ana", "phone", "+351 912 000 105"));

		lead.put("travel_start", "0001-01-01");
		JsonNode yearOne = problem(admin.post("/api/leads/", lead), "travel_start");
		assertThat(yearOne.get("message").asString()).isEqualTo("must be a date from 1900-01-01 to 9999-12-31");
		lead.put("travel_start", "+10000-01-01");
		problem(admin.post("/api/leads/", lead), "travel_start");
		lead.put("travel_start", "1900-01-01");
		lead.put("travel_end", "9999-12-31");
		var created = admin.post("/api/leads/", lead);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.json().get("travel_start").asString()).isEqualTo("1900-01-01");
	}

}
