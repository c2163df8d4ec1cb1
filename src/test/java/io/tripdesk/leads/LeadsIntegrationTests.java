package io.tripdesk.leads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class LeadsIntegrationTests extends IntegrationTest {

	@Autowired
	LeadManagement leadManagement;

	@Autowired
	JdbcClient jdbc;

	private static long id(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private static Map<String, Object> lead(String name, String phone, String source) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", name);
		body.put("phone", phone);
		body.put("source", source);
		return body;
	}

	@Test
	void aLeadIsCreatedWithItsTravelDetailsAndANormalisedPhone() {
		Map<String, Object> body = lead("Lucia Fernandez", "+34 600 111 222", "instagram");
		body.put("email", "lucia@example.com");
		body.put("destination", "Japan");
		body.put("travel_start", "2027-04-01");
		body.put("travel_end", "2027-04-15");
		body.put("travelers", 2);
		body.put("budget", 7000);
		body.put("expected_value", "6400.50");
		body.put("tags", List.of("honeymoon", "asia"));

		JsonNode created = admin().post("/api/leads/", body).json();

		assertThat(created.get("phone").asString()).isEqualTo("+34600111222");
		assertThat(created.get("stage").asString()).isEqualTo("new");
		assertThat(created.get("travelers").asInt()).isEqualTo(2);
		assertThat(created.get("expected_value").decimalValue()).isEqualByComparingTo("6400.50");
		assertThat(created.get("tags").valueStream().map(JsonNode::asString)).containsExactly("honeymoon", "asia");
		assertThat(created.get("is_whatsapp").asBoolean()).isFalse();
		JsonNode timeline = admin().get("/api/leads/" + created.get("id").asLong() + "/events/").json();
		assertThat(timeline.get("results").get(0).get("type").asString()).isEqualTo("created");
	}

	@Test
	void aSecondLeadWithTheSamePhoneIsAConflictNamingTheFirst() {
		long first = id(admin().post("/api/leads/", lead("Marco Rossi", "+39 333 123 4567", "website")));

		var second = admin().post("/api/leads/", lead("M. Rossi", "0039 333 1234567", "phone"));

		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().get("existing_lead_id").asLong()).isEqualTo(first);
		assertThat(admin().get("/api/leads/?search=Rossi").json().get("count").asLong()).isEqualTo(1);
	}

	@Test
	void badInputIsRefusedFieldByFieldAndChangesNothing() {
		ApiClient admin = admin();
		long before = admin.get("/api/leads/").json().get("count").asLong();

		Map<String, Object> body = lead("", "not a phone", "carrier-pigeon");
		body.put("travelers", 0);
		body.put("email", "nope");
		var invalid = admin.post("/api/leads/", body);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.contentType()).startsWith("application/problem+json");
		assertThat(invalid.json().get("errors").findValuesAsString("field")).contains("email", "name", "travelers");

		var badSource = admin.post("/api/leads/", lead("Ok Name", "+44 20 7946 0000", "carrier-pigeon"));
		assertThat(badSource.status()).isEqualTo(400);
		assertThat(badSource.json().get("errors").findValuesAsString("field")).containsExactly("source");

		var wrongType = admin.postRaw("/api/leads/", "{\"name\": \"X\", \"travelers\": \"many\"}");
		assertThat(wrongType.status()).isEqualTo(400);
		assertThat(wrongType.json().get("errors").findValuesAsString("field")).containsExactly("travelers");

		var malformed = admin.postRaw("/api/leads/", "{\"name\": ");
		assertThat(malformed.status()).isEqualTo(400);

		var notAnObject = admin.postRaw("/api/leads/", "[1,2]");
		assertThat(notAnObject.status()).isEqualTo(400);

		assertThat(admin.get("/api/leads/").json().get("count").asLong()).isEqualTo(before);
	}

	@Test
	void listFiltersAndPagesLikeDjangoRestFramework() {
		ApiClient admin = admin();
		for (int i = 0; i < 5; i++) {
			id(admin.post("/api/leads/", lead("Pager Person " + i, "+1 212 555 01" + (10 + i), "google_ads")));
		}

		JsonNode first = admin.get("/api/leads/?source=google_ads&page_size=2&ordering=name").json();
		assertThat(first.get("count").asLong()).isEqualTo(5);
		assertThat(first.get("results").findValuesAsString("name")).containsExactly("Pager Person 0", "Pager Person 1");
		assertThat(first.get("previous").isNull()).isTrue();
		assertThat(first.get("next").asString()).contains("cursor=").contains("source=google_ads")
			.doesNotContain("page=");

		JsonNode last = admin.get("/api/leads/?source=google_ads&page_size=2&ordering=name&page=3").json();
		assertThat(last.get("results").findValuesAsString("name")).containsExactly("Pager Person 4");
		assertThat(last.get("next").isNull()).isTrue();
		JsonNode middle = admin.get(pathOf(last.get("previous").asString())).json();
		assertThat(middle.get("results").findValuesAsString("name")).containsExactly("Pager Person 2", "Pager Person 3");
		assertThat(middle.get("count").asLong()).isEqualTo(5);

		assertThat(admin.get("/api/leads/?search=%2B1%20212-555-0113").json().get("results").findValuesAsString("name"))
			.containsExactly("Pager Person 3");
		assertThat(admin.get("/api/leads/?search=pager%20PERSON").json().get("count").asLong()).isEqualTo(5);
		assertThat(admin.get("/api/leads/?source=google_ads&stage=won").json().get("count").asLong()).isZero();
		assertThat(admin.get("/api/leads/?source=google_ads&created_after=2000-01-01&created_before=2999-12-31")
			.json().get("count").asLong()).isEqualTo(5);
		assertThat(admin.get("/api/leads/?source=google_ads&created_before=2000-01-01").json().get("count").asLong())
			.isZero();
		assertThat(admin.get("/api/leads/?source=google_ads&is_whatsapp=false").json().get("count").asLong())
			.isEqualTo(5);
	}

	/**
	 * Following next links to the end and previous links back to the start visits every lead once, in
	 * order, for each ordering, including those whose values are missing or tied.
	 */
	@Test
	void cursorsWalkEveryOrderingForwardAndBackWithoutGapsOrRepeats() {
		ApiClient admin = admin();
		for (int i = 0; i < 7; i++) {
			Map<String, Object> lead = new HashMap<>(lead("Cursor " + (char) ('A' + i % 3), "+1 213 555 01" + (20 + i),
					"other"));
			lead.put("tags", List.of("cursor-walk"));
			if (i % 2 == 0) {
				lead.put("expected_value", 1000 * (i % 3));
			}
			id(admin.post("/api/leads/", lead));
		}
		for (String ordering : List.of("-created_at", "name", "-name", "expected_value", "-expected_value", "score",
				"-last_inbound_at", "updated_at", "-stage_changed_at")) {
			String first = "/api/leads/?tags=cursor-walk&page_size=3&ordering=" + ordering;
			List<String> expected = admin.get("/api/leads/?tags=cursor-walk&page_size=200&ordering=" + ordering).json()
				.get("results").findValuesAsString("id");
			assertThat(expected).hasSize(7);

			List<String> forward = new ArrayList<>();
			JsonNode page = admin.get(first).json();
			forward.addAll(page.get("results").findValuesAsString("id"));
			while (!page.get("next").isNull()) {
				page = admin.get(pathOf(page.get("next").asString())).json();
				forward.addAll(page.get("results").findValuesAsString("id"));
			}
			assertThat(forward).as(ordering).isEqualTo(expected);

			List<String> backward = new ArrayList<>(page.get("results").findValuesAsString("id"));
			while (!page.get("previous").isNull()) {
				page = admin.get(pathOf(page.get("previous").asString())).json();
				backward.addAll(0, page.get("results").findValuesAsString("id"));
			}
			assertThat(backward).as(ordering).isEqualTo(expected);
		}

		JsonNode foreign = admin.get("/api/leads/?tags=cursor-walk&page_size=3&ordering=name").json();
		String nameCursor = foreign.get("next").asString().replaceAll(".*cursor=", "");
		assertThat(admin.get("/api/leads/?ordering=-created_at&cursor=" + nameCursor).status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?cursor=not-a-cursor").json().get("errors").findValuesAsString("field"))
			.containsExactly("cursor");
	}

	@Test
	void searchFindsALeadByTheBeginningsOfItsWordsAndItsNumberAsItIsNow() {
		ApiClient admin = admin();
		Map<String, Object> body = lead("Giulia Bianchi", "+39 347 765 4321", "website");
		body.put("email", "gb1985@viaggi.example");
		long id = id(admin.post("/api/leads/", body));

		for (String found : List.of("bianchi", "Bian", "VIAGGI", "giulia%20bi", "bianchi%20gb", "gb1985", "1985",
				"%2B39%20347%20765%204321", "347%20765%204321", "3477654", "4321")) {
			assertThat(admin.get("/api/leads/?search=" + found).json().get("results").findValuesAsString("id"))
				.as(found).containsExactly(String.valueOf(id));
		}
		// Words are found by how they begin, numbers by how they begin or end.
		for (String missed : List.of("anchi", "giulia%20rossi", "7654", "4322")) {
			assertThat(admin.get("/api/leads/?search=" + missed).json().get("count").asLong()).as(missed).isZero();
		}

		admin.patch("/api/leads/" + id + "/", Map.of("name", "Giulia Verdi", "email", "giulia@verdi.example"));
		assertThat(admin.get("/api/leads/?search=bianchi").json().get("count").asLong()).isZero();
		assertThat(admin.get("/api/leads/?search=viaggi").json().get("count").asLong()).isZero();
		assertThat(admin.get("/api/leads/?search=verdi").json().get("results").findValuesAsString("id"))
			.containsExactly(String.valueOf(id));

		assertThat(admin.delete("/api/leads/" + id + "/").status()).isEqualTo(204);
		assertThat(admin.get("/api/leads/?search=verdi").json().get("count").asLong()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM lead_search_term WHERE lead_id = ?").param(id).query(Long.class).single())
			.isZero();
	}

	@Test
	void aLeadTwoOfWhoseWordsASearchBeginsIsOneMatch() {
		ApiClient admin = admin();
		jdbc.sql("""
				INSERT INTO lead (name, source, stage, tags)
				SELECT 'Quill Quinn', 'other', 'new', ARRAY['twice'] FROM generate_series(1, 3)
				UNION ALL
				SELECT 'Xqa Xqb ' || n, 'other', 'new', ARRAY['twice'] FROM generate_series(1, 1500) AS n""").update();
		try {
			// Read and sorted from the index: six entries, three leads.
			JsonNode few = admin.get("/api/leads/?search=qui").json();
			assertThat(few.get("count").asLong()).isEqualTo(3);
			assertThat(few.get("results").findValuesAsString("id")).hasSize(3).doesNotHaveDuplicates();

			// 3,000 entries are more than a search counts, but only 1,500 leads.
			JsonNode many = admin.get("/api/leads/?search=xq&page_size=50").json();
			assertThat(many.get("count").asLong()).isEqualTo(1_500);
			assertThat(many.has("count_capped")).isFalse();
			assertThat(many.get("results").findValuesAsString("name")).hasSize(50).doesNotHaveDuplicates()
				.allMatch(name -> name.startsWith("Xqa Xqb "));
		}
		finally {
			jdbc.sql("DELETE FROM lead WHERE tags @> ARRAY['twice']").update();
		}
	}

	@Test
	void aSearchWhoseLeadsAreAllOldIsSortedFromTheIndex() {
		ApiClient admin = admin();
		jdbc.sql("""
				INSERT INTO lead (name, source, stage, tags, created_at)
				SELECT 'Oldtimer ' || n, 'other', 'new', ARRAY['old'], TIMESTAMPTZ '2020-01-01' + n * INTERVAL '1 minute'
				  FROM generate_series(1, 2100) AS n
				UNION ALL
				SELECT 'Aged' || chr(97 + n % 26) || ' ' || n, 'other', 'new', ARRAY['old'],
				       TIMESTAMPTZ '2020-01-01' + n * INTERVAL '1 minute'
				  FROM generate_series(1, 2100) AS n
				UNION ALL
				SELECT 'Newcomer ' || n, 'other', 'new', ARRAY['old'], now() FROM generate_series(1, 2600) AS n""").update();
		try {
			// More than a search counts, but none among the newest rows a walk would look at: its one term's
			// newest entries are the page.
			JsonNode found = admin.get("/api/leads/?search=oldtimer&page_size=50").json();
			assertThat(found.get("count_capped").asBoolean()).isTrue();
			assertThat(found.get("results").findValuesAsString("name")).containsExactlyElementsOf(
					IntStream.iterate(2100, n -> n - 1).limit(50).mapToObj(n -> "Oldtimer " + n).toList());
			JsonNode next = admin.get(pathOf(found.get("next").asString())).json();
			assertThat(next.get("results").findValuesAsString("name")).first().isEqualTo("Oldtimer 2050");

			// A word beginning 26 terms: the walk finds nothing within its reach, the index's entries are sorted.
			JsonNode aged = admin.get("/api/leads/?search=aged&page_size=50").json();
			assertThat(aged.get("count_capped").asBoolean()).isTrue();
			assertThat(aged.get("results").findValuesAsString("name")).containsExactlyElementsOf(IntStream
				.iterate(2100, n -> n - 1).limit(50).mapToObj(n -> "Aged" + (char) ('a' + n % 26) + " " + n).toList());
		}
		finally {
			jdbc.sql("DELETE FROM lead WHERE tags @> ARRAY['old']").update();
		}
	}

	@Test
	void searchedIndexesKeepTheirPendingListsShort() {
		// Every search reads a GIN index's whole pending list: at the default 4 MB a common name's count took
		// 62 ms instead of 9 (V32). An index added or rebuilt later must keep the setting.
		assertThat(jdbc.sql("""
				SELECT relname FROM pg_class JOIN pg_am ON pg_am.oid = relam
				 WHERE amname = 'gin' AND NOT 'gin_pending_list_limit=128' = ANY(coalesce(reloptions, '{}'))""")
			.query(String.class).list()).isEmpty();
		assertThat(jdbc.sql("SELECT count(*) FROM pg_class JOIN pg_am ON pg_am.oid = relam WHERE amname = 'gin'")
			.query(Long.class).single()).as("tags, trip destination").isGreaterThanOrEqualTo(2);
	}

	@Test
	void countingStopsPastTenThousandAndSaysSo() {
		ApiClient admin = admin();
		jdbc.sql("""
				INSERT INTO lead (name, source, stage, tags)
				SELECT 'Crowd' || chr(97 + n % 26) || ' ' || n, 'other', 'new', ARRAY['crowd'] FROM generate_series(1, 10050) AS n""").update();
		try {
			JsonNode crowd = admin.get("/api/leads/?tags=crowd&page_size=50").json();
			assertThat(crowd.get("count").asLong()).isEqualTo(10_000);
			assertThat(crowd.get("count_capped").asBoolean()).isTrue();
			assertThat(crowd.get("results")).hasSize(50);

			// A search stops at two thousand; its page walks the creation order's index, matching each row,
			// alone (its word begins 26 terms: too many to merge) or with another filter.
			JsonNode searched = admin.get("/api/leads/?search=CROWD&page_size=50").json();
			assertThat(searched.get("count").asLong()).isEqualTo(2_000);
			assertThat(searched.get("count_capped").asBoolean()).isTrue();
			assertThat(searched.get("results").findValuesAsString("name")).hasSize(50)
				.allMatch(name -> name.startsWith("Crowd"));
			JsonNode filtered = admin.get("/api/leads/?search=CROWD&tags=crowd&page_size=50").json();
			assertThat(filtered.get("count").asLong()).isEqualTo(2_000);
			assertThat(filtered.get("count_capped").asBoolean()).isTrue();
			assertThat(filtered.get("results").findValuesAsString("id"))
				.isEqualTo(searched.get("results").findValuesAsString("id"));
			// Deeper than the walk looks ahead, with more entries than are sorted, it walks on.
			assertThat(admin.get("/api/leads/?search=CROWD&page_size=50&page=150").json().get("results")
				.findValuesAsString("name")).hasSize(50).allMatch(name -> name.startsWith("Crowd"));

			JsonNode few = admin.get("/api/leads/?tags=crowd&search=Crowd%2010049").json();
			assertThat(few.get("count").asLong()).isEqualTo(1);
			assertThat(few.has("count_capped")).as("only said when counting stopped").isFalse();

			// Stage, source, assignee and WhatsApp are counted by the tally, exactly at any size.
			JsonNode counted = admin.get("/api/leads/?source=other&stage=new&is_whatsapp=false").json();
			assertThat(counted.get("count").asLong()).isEqualTo(directCount(
					"source = 'other' AND stage = 'new' AND wa_id IS NULL AND wa_user_id IS NULL")).isGreaterThan(10_050);
			assertThat(counted.has("count_capped")).isFalse();
			String since = Instant.now().minus(java.time.Duration.ofDays(1)).toString();
			JsonNode recent = admin.get("/api/leads/?created_after=" + since).json();
			assertThat(recent.get("count").asLong()).isEqualTo(directCount("created_at >= '" + since + "'"))
				.isGreaterThan(10_050);
			assertThat(recent.has("count_capped")).isFalse();
		}
		finally {
			jdbc.sql("DELETE FROM lead WHERE tags @> ARRAY['crowd']").update();
		}
	}

	@Test
	void theTallyFollowsEveryKindOfChangeAndCountsLikeTheRows() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("tally.agent@test.local");
		long agentId = userId(agent);
		long a = id(admin.post("/api/leads/", lead("Tally A", "+1 415 555 0181", "website")));
		Map<String, Object> assigned = lead("Tally B", "+1 415 555 0182", "instagram");
		assigned.put("assigned_to", agentId);
		long b = id(admin.post("/api/leads/", assigned));
		long c = id(admin.post("/api/leads/", lead("Tally C", "+1 415 555 0183", "website")));

		admin.post("/api/leads/" + a + "/change-stage/", Map.of("stage", "qualified"));
		admin.patch("/api/leads/" + b + "/", Map.of("source", "referral"));
		admin.post("/api/leads/bulk/", Map.of("ids", List.of(c), "assigned_to", agentId, "stage", "contacted"));
		resolve(new WhatsAppContact("14155550181", null, null, "A", null, Instant.now()));
		long leaving = jdbc.sql("INSERT INTO app_user (email, name, password_hash, role) "
				+ "VALUES ('tally.leaving@test.local', 'Leaving', 'x', 'AGENT') RETURNING id").query(Long.class).single();
		jdbc.sql("UPDATE lead SET assigned_to = ? WHERE id = ?").params(leaving, c).update();
		jdbc.sql("DELETE FROM app_user WHERE id = ?").param(leaving).update();
		assertThat(admin.delete("/api/leads/" + b + "/").status()).isEqualTo(204);

		assertThat(tallyDifferences()).as("tally against the rows, changes pending").isZero();
		List<String> filters = List.of("", "stage=qualified", "source=website&is_whatsapp=true", "assigned_to=none",
				"assigned_to=" + agentId, "stage=new,contacted&is_whatsapp=false", "source=website,instagram&stage=new");
		for (String filter : filters) {
			assertThat(admin.get("/api/leads/?" + filter).json().get("count").asLong()).as(filter)
				.isEqualTo(directCount(where(filter, null)));
		}
		assertThat(agent.get("/api/leads/?stage=new").json().get("count").asLong()).as("what an agent may see")
			.isEqualTo(directCount(where("stage=new", agentId)));

		for (int i = 0; i < 100 && directCountOf("lead_tally_change") + directCountOf("lead_created_tally_change") > 0; i++) {
			sleep(50);
		}
		assertThat(directCountOf("lead_tally_change") + directCountOf("lead_created_tally_change")).as("folded").isZero();
		assertThat(tallyDifferences()).as("tally against the rows, folded").isZero();
	}

	@Test
	void aListFilteredByCreationOnlyCountsWholeDaysFromTheTallyAndTheEdgesFromTheRows() {
		ApiClient admin = admin();
		jdbc.sql("""
				INSERT INTO lead (name, source, stage, created_at)
				SELECT 'Dated ' || n, 'other', 'new', at FROM unnest(CAST(? AS timestamptz[])) WITH ORDINALITY AS t (at, n)""")
			.param(new java.sql.Timestamp[] { ts("2025-03-01T10:00:00Z"), ts("2025-03-02T00:00:00Z"),
					ts("2025-03-02T23:59:59.999Z"), ts("2025-03-03T05:00:00Z"), ts("2025-03-05T12:00:00Z"),
					ts("2025-03-06T00:00:00Z") })
			.update();
		try {
			String[][] ranges = { { "2025-03-01T12:00:00Z", null }, { null, "2025-03-03T05:00:00Z" },
					{ "2025-03-02T00:00:00Z", "2025-03-06T00:00:00Z" }, { "2025-03-01T09:00:00Z", "2025-03-05T12:00:01Z" },
					{ "2025-03-02T06:00:00Z", "2025-03-03T06:00:00Z" }, { "2025-03-03T05:00:00Z", "2025-03-03T05:00:01Z" },
					{ "2025-03-02T00:00:00Z", null }, { null, "2025-03-02T00:00:00Z" } };
			for (String[] range : ranges) {
				String query = (range[0] == null ? "" : "created_after=" + range[0])
						+ (range[0] != null && range[1] != null ? "&" : "") + (range[1] == null ? "" : "created_before=" + range[1]);
				long direct = directCount((range[0] == null ? "TRUE" : "created_at >= '" + range[0] + "'")
						+ (range[1] == null ? "" : " AND created_at < '" + range[1] + "'"));
				JsonNode page = admin.get("/api/leads/?" + query).json();
				assertThat(page.get("count").asLong()).as(query).isEqualTo(direct);
				assertThat(page.has("count_capped")).as(query).isFalse();
			}
		}
		finally {
			jdbc.sql("DELETE FROM lead WHERE name LIKE 'Dated %' AND source = 'other'").update();
		}
	}

	private static java.sql.Timestamp ts(String instant) {
		return java.sql.Timestamp.from(Instant.parse(instant));
	}

	/** Rows where the tallies (with their pending changes) and counts of the lead rows disagree. */
	private long tallyDifferences() {
		return jdbc.sql("""
				WITH tally AS (SELECT stage, source, assigned_to, whatsapp, sum(leads) AS leads
				                 FROM (SELECT * FROM lead_tally UNION ALL SELECT * FROM lead_tally_change) AS t
				                GROUP BY 1, 2, 3, 4 HAVING sum(leads) <> 0),
				     rows AS (SELECT stage, source, assigned_to, wa_id IS NOT NULL OR wa_user_id IS NOT NULL AS whatsapp,
				                     count(*) AS leads FROM lead GROUP BY 1, 2, 3, 4)
				SELECT count(*) FROM ((TABLE tally EXCEPT TABLE rows) UNION ALL (TABLE rows EXCEPT TABLE tally)) AS differences""")
			.query(Long.class).single() + jdbc.sql("""
				WITH tally AS (SELECT day, sum(leads) AS leads
				                 FROM (SELECT * FROM lead_created_tally UNION ALL SELECT * FROM lead_created_tally_change) AS t
				                GROUP BY day HAVING sum(leads) <> 0),
				     rows AS (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS leads FROM lead GROUP BY 1)
				SELECT count(*) FROM ((TABLE tally EXCEPT TABLE rows) UNION ALL (TABLE rows EXCEPT TABLE tally)) AS differences""")
			.query(Long.class).single();
	}

	/** The list's filter as SQL over the lead rows: stage, source, is_whatsapp and assigned_to. */
	private static String where(String filter, @Nullable Long agent) {
		List<String> conditions = new ArrayList<>();
		conditions.add("TRUE");
		if (agent != null) {
			conditions.add("(assigned_to = " + agent + " OR assigned_to IS NULL)");
		}
		for (String part : filter.split("&")) {
			String[] pair = part.split("=");
			if (pair.length < 2) {
				continue;
			}
			String values = "'" + String.join("','", pair[1].split(",")) + "'";
			conditions.add(switch (pair[0]) {
				case "stage" -> "stage IN (" + values + ")";
				case "source" -> "source IN (" + values + ")";
				case "is_whatsapp" -> (pair[1].equals("true") ? "" : "NOT ") + "(wa_id IS NOT NULL OR wa_user_id IS NOT NULL)";
				case "assigned_to" -> pair[1].equals("none") ? "assigned_to IS NULL" : "assigned_to = " + pair[1];
				default -> throw new IllegalArgumentException(part);
			});
		}
		return String.join(" AND ", conditions);
	}

	private long directCount(String condition) {
		return jdbc.sql("SELECT count(*) FROM lead WHERE " + condition).query(Long.class).single();
	}

	private long directCountOf(String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A next or previous link as a path for the test client. */
	private static String pathOf(String link) {
		return link.replaceFirst("^https?://[^/]+", "");
	}

	@Test
	void badFiltersAreProblemsNotErrors() {
		ApiClient admin = admin();

		assertThat(admin.get("/api/leads/?page_size=1000000000").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?page_size=1000000000").json().get("errors").findValuesAsString("field"))
			.containsExactly("page_size");
		assertThat(admin.get("/api/leads/?page=0").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?search=gb%1Fviaggi").json().get("errors").findValuesAsString("field"))
			.containsExactly("search");
		assertThat(admin.get("/api/leads/?stage=teleported").json().get("errors").findValuesAsString("field"))
			.containsExactly("stage");
		assertThat(admin.get("/api/leads/?ordering=password").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?created_after=yesterday").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?created_after=0001-01-01&created_before=%2B999999999-12-31T00:00:00Z").json()
			.get("errors").findValuesAsString("field")).containsExactly("created_after", "created_before");
		assertThat(admin.get("/api/leads/?is_whatsapp=maybe").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/?assigned_to=bob").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/not-a-number/").status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/999999999/").status()).isEqualTo(404);
	}

	@Test
	void sqlInSearchIsJustText() {
		ApiClient admin = admin();
		id(admin.post("/api/leads/", lead("Robert'); DROP TABLE lead;--", "+1 415 555 0199", "website")));

		var response = admin.get("/api/leads/?search=%27%29%3B%20DROP%20TABLE%20lead%3B--");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("count").asLong()).isEqualTo(1);
		assertThat(admin.get("/api/leads/?search=%25").json().get("count").asLong()).isZero();
		assertThat(admin.get("/api/leads/").status()).isEqualTo(200);
	}

	@Test
	void changingStageRecordsTheEventAndAValidStageIsRequired() {
		ApiClient admin = admin();
		long lead = id(admin.post("/api/leads/", lead("Stage Walker", "+61 412 345 678", "referral")));

		var moved = admin.post("/api/leads/" + lead + "/change-stage/",
				Map.of("stage", "proposal_sent", "note", "Sent the Bali quote"));
		assertThat(moved.status()).isEqualTo(200);
		assertThat(moved.json().get("stage").asString()).isEqualTo("proposal_sent");

		JsonNode event = admin.get("/api/leads/" + lead + "/events/").json().get("results").get(0);
		assertThat(event.get("type").asString()).isEqualTo("stage_changed");
		assertThat(event.get("payload").get("from").asString()).isEqualTo("new");
		assertThat(event.get("payload").get("to").asString()).isEqualTo("proposal_sent");
		assertThat(event.get("payload").get("note").asString()).isEqualTo("Sent the Bali quote");

		var unknown = admin.post("/api/leads/" + lead + "/change-stage/", Map.of("stage", "teleported"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(admin.get("/api/leads/" + lead + "/").json().get("stage").asString()).isEqualTo("proposal_sent");

		var lost = admin.post("/api/leads/" + lead + "/change-stage/", Map.of("stage", "lost", "note", "Too expensive"));
		assertThat(lost.json().get("lost_reason").asString()).isEqualTo("Too expensive");
	}

	@Test
	void patchChangesOnlyWhatIsSentAndNullClears() {
		ApiClient admin = admin();
		Map<String, Object> body = lead("Patch Me", "+1 303 555 0100", "website");
		body.put("destination", "Peru");
		body.put("notes", "Likes hiking");
		long lead = id(admin.post("/api/leads/", body));

		Map<String, Object> patch = new HashMap<>();
		patch.put("destination", "Chile");
		patch.put("notes", null);
		var response = admin.patch("/api/leads/" + lead + "/", patch);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		JsonNode updated = response.json();

		assertThat(updated.get("destination").asString()).isEqualTo("Chile");
		assertThat(updated.get("notes").isNull()).isTrue();
		assertThat(updated.get("name").asString()).isEqualTo("Patch Me");
		assertThat(updated.get("phone").asString()).isEqualTo("+13035550100");
		JsonNode event = admin.get("/api/leads/" + lead + "/events/").json().get("results").get(0);
		assertThat(event.get("type").asString()).isEqualTo("updated");
		assertThat(event.get("payload").get("fields").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("destination", "notes");
	}

	@Test
	void agentsSeeOnlyTheirOwnAndUnassignedLeads() {
		ApiClient admin = admin();
		ApiClient ana = newAgent("ana.agent@test.local");
		ApiClient bo = newAgent("bo.agent@test.local");
		long anaId = userId(ana);

		Map<String, Object> anas = lead("Ana's Customer", "+1 646 555 0101", "website");
		anas.put("assigned_to", anaId);
		long anasLead = id(admin.post("/api/leads/", anas));
		long unassigned = id(admin.post("/api/leads/", lead("Nobody's Customer", "+1 646 555 0102", "website")));

		assertThat(bo.get("/api/leads/" + anasLead + "/").status()).isEqualTo(404);
		assertThat(bo.patch("/api/leads/" + anasLead + "/", Map.of("name", "Stolen")).status()).isEqualTo(404);
		assertThat(bo.post("/api/leads/" + anasLead + "/change-stage/", Map.of("stage", "won")).status())
			.isEqualTo(404);
		assertThat(bo.get("/api/leads/" + anasLead + "/events/").status()).isEqualTo(404);
		assertThat(bo.get("/api/leads/?search=Customer").json().get("results").findValuesAsString("name"))
			.contains("Nobody's Customer").doesNotContain("Ana's Customer");
		assertThat(bo.get("/api/leads/" + unassigned + "/").status()).isEqualTo(200);
		assertThat(ana.get("/api/leads/" + anasLead + "/").status()).isEqualTo(200);
		assertThat(admin.get("/api/leads/" + anasLead + "/").json().get("name").asString()).isEqualTo("Ana's Customer");

		// A search's count follows the assignee too: handed to Bo, the lead is his to find and no longer Ana's.
		assertThat(bo.get("/api/leads/?search=ana%27s%20customer").json().get("count").asLong()).isZero();
		assertThat(ana.get("/api/leads/?search=ana%27s%20customer").json().get("count").asLong()).isEqualTo(1);
		admin.post("/api/leads/bulk/", Map.of("ids", List.of(anasLead), "assigned_to", userId(bo)));
		assertThat(bo.get("/api/leads/?search=ana%27s%20customer").json().get("count").asLong()).isEqualTo(1);
		assertThat(ana.get("/api/leads/?search=ana%27s%20customer").json().get("count").asLong()).isZero();

		assertThat(bo.delete("/api/leads/" + unassigned + "/").status()).isEqualTo(403);
	}

	@Test
	void anAgentsNewLeadIsTheirs() {
		ApiClient agent = newAgent("creator.agent@test.local");

		JsonNode created = agent.post("/api/leads/", lead("Walk In", "+1 702 555 0133", "walk_in")).json();

		assertThat(created.get("assigned_to").asLong()).isEqualTo(userId(agent));
	}

	@Test
	void bulkAssignAndStageChangeSkipWhatTheUserMayNotSee() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("bulk.agent@test.local");
		long agentId = userId(agent);
		long a = id(admin.post("/api/leads/", lead("Bulk A", "+1 917 555 0141", "website")));
		long b = id(admin.post("/api/leads/", lead("Bulk B", "+1 917 555 0142", "website")));

		JsonNode result = admin.post("/api/leads/bulk/",
				Map.of("ids", List.of(a, b, 987654321L), "assigned_to", agentId, "stage", "contacted")).json();

		assertThat(result.get("updated").asInt()).isEqualTo(2);
		assertThat(result.get("not_found").valueStream().map(JsonNode::asLong)).containsExactly(987654321L);
		assertThat(agent.get("/api/leads/?assigned_to=me&stage=contacted").json().get("count").asLong())
			.isEqualTo(2);
		assertThat(admin.post("/api/leads/bulk/", Map.of("ids", List.of(a))).status()).isEqualTo(400);
	}

	@Test
	void changesAreAudited() {
		ApiClient admin = admin();
		long lead = id(admin.post("/api/leads/", lead("Audit Trail", "+1 503 555 0177", "website")));
		admin.patch("/api/leads/" + lead + "/", Map.of("destination", "Iceland"));

		JsonNode entries = admin.get("/api/audit-log/?entity_type=lead&entity_id=" + lead).json().get("results");

		assertThat(entries.findValuesAsString("action")).containsExactly("update", "create");
		assertThat(entries.get(0).get("before").get("destination").isNull()).isTrue();
		assertThat(entries.get(0).get("after").get("destination").asString()).isEqualTo("Iceland");
	}

	@Test
	void oneWhatsAppCustomerIsOneLeadWhateverIdentityTheyArriveWith() {
		ApiClient admin = admin();
		long typed = id(admin.post("/api/leads/", lead("Joao Silva", "+55 11 99999-7777", "phone")));

		ResolvedContact byOldBrazilianId = resolve(
				new WhatsAppContact("551199997777", null, null, "João", null, Instant.now()));
		assertThat(byOldBrazilianId.created()).isFalse();
		assertThat(byOldBrazilianId.lead().id()).isEqualTo(typed);
		assertThat(byOldBrazilianId.lead().waId()).isEqualTo("551199997777");

		ResolvedContact withUserIdLater = resolve(
				new WhatsAppContact("551199997777", "BR.999", null, "João", null, Instant.now()));
		assertThat(withUserIdLater.lead().id()).isEqualTo(typed);
		ResolvedContact byUserIdOnly = resolve(
				new WhatsAppContact(null, "BR.999", "@joao", null, null, Instant.now()));
		assertThat(byUserIdOnly.lead().id()).isEqualTo(typed);
		assertThat(admin.get("/api/leads/" + typed + "/").json().get("name").asString()).isEqualTo("Joao Silva");
	}

	@Test
	void aKnownCustomersNextMessageLeavesTheLeadRowAlone() {
		WhatsAppContact contact = new WhatsAppContact("15557770101", "US.777", "@regular", "Regular", null, Instant.now());
		long lead = resolve(contact).lead().id();
		// Scored, so that the scorer's pass over new leads does not write the row meanwhile.
		jdbc.sql("UPDATE lead SET score = 50 WHERE id = ?").param(lead).update();
		String version = rowVersion(lead);

		ResolvedContact again = resolve(contact);
		assertThat(again.created()).isFalse();
		assertThat(again.lead().id()).isEqualTo(lead);
		assertThat(rowVersion(lead)).as("nothing new to record").isEqualTo(version);

		resolve(
				new WhatsAppContact("15557770101", "US.777", "@renamed", "Regular", null, Instant.now()));
		assertThat(rowVersion(lead)).as("a new username").isNotEqualTo(version);
		assertThat(jdbc.sql("SELECT wa_username FROM lead WHERE id = ?").param(lead).query(String.class).single())
			.isEqualTo("@renamed");
	}

	private ResolvedContact resolve(WhatsAppContact contact) {
		return leadManagement.resolveWhatsAppContacts(List.of(contact)).get(0);
	}

	private String rowVersion(long lead) {
		return jdbc.sql("SELECT xmin::text FROM lead WHERE id = ?").param(lead).query(String.class).single();
	}

	@Test
	void aCustomerFromAnAdBecomesAnAttributedWhatsAppLead() {
		var referral = new AdReferral("120200000000000001", "https://fb.me/x", "ad", "Peru in 8 days", null, "image",
				"click-1");

		ResolvedContact resolved = resolve(
				new WhatsAppContact(null, "US.42", "@traveller", "Ana Souza", referral, Instant.now()));

		assertThat(resolved.created()).isTrue();
		assertThat(resolved.lead().phone()).isNull();
		assertThat(resolved.lead().source()).isEqualTo("whatsapp_ad");
		JsonNode view = admin().get("/api/leads/" + resolved.lead().id() + "/").json();
		assertThat(view.get("referral").get("source_id").asString()).isEqualTo("120200000000000001");
		assertThat(view.get("referral").get("ctwa_clid").asString()).isEqualTo("click-1");
		assertThat(view.get("is_whatsapp").asBoolean()).isTrue();
		assertThat(admin().get("/api/leads/?source=whatsapp_ad&is_whatsapp=true").json().get("results")
			.findValuesAsString("name")).contains("Ana Souza");
	}

	@Test
	void markWonMovesTheLeadOnceAndRecordsIt() {
		long lead = id(admin().post("/api/leads/", lead("Soon Won", "+1 808 555 0155", "website")));

		leadManagement.markWon(lead, CurrentUser.system(), "Booking 7 confirmed");
		leadManagement.markWon(lead, CurrentUser.system(), "Booking 7 confirmed");

		JsonNode events = admin().get("/api/leads/" + lead + "/events/").json();
		assertThat(admin().get("/api/leads/" + lead + "/").json().get("stage").asString()).isEqualTo("won");
		assertThat(events.get("results").findValuesAsString("type").stream().filter("stage_changed"::equals))
			.hasSize(1);
	}

	@Test
	void theStagesAndSourcesAreListed() {
		JsonNode stages = admin().get("/api/leads/stages/").json();

		assertThat(stages.findValuesAsString("key")).containsExactly("new", "contacted", "qualified",
				"proposal_sent", "negotiation", "won", "lost");
		assertThat(admin().get("/api/leads/sources/").json().findValuesAsString("key")).contains("whatsapp",
				"whatsapp_ad", "website");
	}

}
