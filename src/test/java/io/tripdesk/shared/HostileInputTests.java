package io.tripdesk.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tripdesk.TripdeskApplication;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.TestNodes;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input against every operation of the OpenAPI description ({@code /v3/api-docs}), so that a new
 * endpoint is covered without touching this class: path parameters, query parameters, headers, JSON (and
 * multipart) bodies built from the operation's schema and then broken, and signed webhook notifications
 * mutated from the fixtures. Whatever arrives, the answer is below 500 and names no exception, stack frame
 * or SQL; afterwards the rollups equal their rebuild, every event listener completed and the webhook inbox
 * recorded no crash.
 * <p>
 * The number of requests is jqwik's tries ({@code jqwik.tries.default} in {@code junit-platform.properties},
 * overridable on the command line with {@code -Djqwik.tries.default=50000}). A failure names the request and
 * the seed that generated it (replay it with {@code seed = "…"} on the {@code @Property}; the server's state
 * differs from run to run, so ids may too); {@code -Dtripdesk.hostile.keep-going=true} runs all the tries and
 * lists every distinct failure at the end instead of stopping at the first.
 */
class HostileInputTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String APP_SECRET = "hostile_input_app_secret";

	private static final String AGENT_EMAIL = "agent@hostile.local";

	private static final String AGENT_PASSWORD = "agent-password-1";

	/** What a response must never contain: exception names, stack frames, SQL. */
	private static final List<String> LEAKS = List.of("Exception", "at io.", "at org.", "java.lang", "SQL");

	private static final boolean KEEP_GOING = Boolean.getBoolean("tripdesk.hostile.keep-going");

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	/** The first call of the description builds it: slow on a busy machine. */
	private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(3);

	/** Pools of existing ids are read again after this many requests (the run creates and deletes objects). */
	private static final int POOL_REFRESH = 250;

	private static ConfigurableApplicationContext app;

	private static JdbcClient jdbc;

	private static int port;

	private static List<Operation> operations;

	private static List<byte[]> webhookFixtures;

	private static final Map<Principal, Caller> callers = new HashMap<>();

	private static final Map<String, List<Long>> idPools = new HashMap<>();

	private static final AtomicInteger sent = new AtomicInteger();

	private static final AtomicInteger serverErrors = new AtomicInteger();

	private static final AtomicInteger leaks = new AtomicInteger();

	private static @Nullable Instant firstTry;

	private static final Map<String, Failure> failures = new LinkedHashMap<>();

	// ---------------------------------------------------------------------------------------------------------
	// The property

	@Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
	void noHostileRequestGetsAServerErrorOrAStackTrace(@ForAll("hostileRequests") Probe probe) {
		if (firstTry == null) {
			firstTry = Instant.now();
		}
		if (sent.getAndIncrement() % POOL_REFRESH == 0) {
			refreshIdPools();
		}
		Answer answer = send(probe);
		if (probe.principal() != Principal.ANONYMOUS && (answer.status() == 401 || answer.status() == 403)) {
			callers.get(probe.principal()).keepAuthorized();
		}
		Statistics.label("status").collect(answer.status());
		Statistics.label("principal").collect(probe.principal());
		Statistics.label("operation").collect(probe.operation().toString());
		String problem = problemWith(answer);
		if (problem == null) {
			return;
		}
		(answer.status() >= 500 ? serverErrors : leaks).incrementAndGet();
		String report = problem + "\n  request:  " + probe + "\n  response: " + answer.status() + " "
				+ excerpt(answer.body());
		if (!KEEP_GOING) {
			fail(report);
		}
		failures.computeIfAbsent(probe.operation() + " " + problem.replaceAll("\"[^\"]*\"", ""),
				key -> new Failure(report)).count++;
	}

	/** After the run: the rollups equal a rebuild, no listener failed, no webhook crashed while processed. */
	@AfterProperty
	void theDerivedStateSurvivedTheRun() {
		Duration run = Duration.between(firstTry == null ? Instant.now() : firstTry, Instant.now());
		Caller admin = callers.get(Principal.ADMIN);
		admin.keepAuthorized();
		Answer answer = awaitRollupsSettled(admin);
		JsonNode verification = readJson(answer);
		if (answer.status() != 200 || !verification.path("differences").isNumber()) {
			fail("GET /api/analytics/verify/ as admin answered no verification: %d %s", answer.status(),
					abbreviate(visible(answer.body()), 600));
		}
		List<String> after = new ArrayList<>();
		if (verification.get("differences").asLong() != 0) {
			after.add("rollups differ from their rebuild: " + verification);
		}
		jdbc.sql("SELECT listener_id || ' <- ' || event_type || ' ' || coalesce(status, '') FROM event_publication "
				+ "WHERE completion_date IS NULL").query(String.class).list()
			.forEach(listener -> after.add("event listener did not complete: " + listener));
		jdbc.sql("""
				SELECT id || ' ' || status || ': ' || last_error FROM webhook_inbox WHERE last_error IS NOT NULL
				AND last_error NOT LIKE 'Unprocessable:%' AND last_error NOT LIKE 'Status % for a message not stored yet:%'
				-- a notification split into one a message: its parts carry the outcome, and are checked here themselves
				AND NOT (status = 'processed' AND last_error LIKE 'Split into % after: %')
				ORDER BY id LIMIT 20""").query(String.class).list()
			.forEach(inbox -> after.add("webhook processing failed after its 200: inbox " + abbreviate(inbox, 600)));
		List<String> all = new ArrayList<>();
		failures.values().forEach(failure -> all.add(failure.count + "x " + failure.report));
		all.addAll(after);
		assertThat(all).as("%d requests sent; distinct failures", sent.get()).isEmpty();
		System.out.printf("hostile input: %d requests in %d s, %d server errors, %d leaks, rollups equal their rebuild%n",
				sent.get(), run.toSeconds(), serverErrors.get(), leaks.get());
	}

	private static @Nullable String problemWith(Answer answer) {
		if (answer.status() >= 500) {
			return "status " + answer.status();
		}
		for (String leak : LEAKS) {
			if (answer.body().contains(leak)) {
				return "the response contains \"" + leak + "\"";
			}
		}
		return null;
	}

	/** The response around the first leak, or its beginning. */
	private static String excerpt(String body) {
		int at = LEAKS.stream().mapToInt(body::indexOf).filter(i -> i >= 0).min().orElse(0);
		int from = Math.max(0, at - 300);
		return (from > 0 ? "…" : "") + abbreviate(visible(body.substring(from)), 600);
	}

	private static Answer awaitRollupsSettled(Caller admin) {
		Instant deadline = Instant.now().plusSeconds(60);
		Answer last;
		do {
			last = admin.send("GET", "/api/analytics/verify/", null);
			JsonNode verification = readJson(last);
			if (last.status() == 200 && verification.path("differences").asLong(-1) == 0
					&& verification.path("pending_increments").asLong(-1) == 0 && publicationsInFlight() == 0) {
				return last;
			}
			pause();
		}
		while (Instant.now().isBefore(deadline));
		return last;
	}

	private static long publicationsInFlight() {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND status IS DISTINCT FROM 'FAILED'")
			.query(Long.class).single();
	}

	// ---------------------------------------------------------------------------------------------------------
	// The application, its data and its description

	@BeforeContainer
	static void start() throws IOException {
		app = new SpringApplicationBuilder(TripdeskApplication.class)
			.properties("server.port=0", "tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
					"tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD, "tripdesk.whatsapp.app-secret=" + APP_SECRET)
			.run();
		port = TestNodes.port(app);
		jdbc = app.getBean(JdbcClient.class);
		Caller admin = Caller.withTokenOf(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
		callers.put(Principal.ADMIN, admin);
		created(admin.send("POST", "/api/users/", json(Map.of("email", AGENT_EMAIL, "name", "Hostile Agent", "password",
				AGENT_PASSWORD, "role", "AGENT"))));
		callers.put(Principal.AGENT, Caller.withTokenOf(AGENT_EMAIL, AGENT_PASSWORD));
		callers.put(Principal.ANONYMOUS, new Caller(null, null));
		createSomeOfEverything(admin);
		JsonNode description = admin.get("/v3/api-docs");
		operations = Operation.all(description);
		assertThat(operations).hasSizeGreaterThan(50);
		webhookFixtures = new ArrayList<>();
		for (Resource fixture : new PathMatchingResourcePatternResolver()
			.getResources("classpath:whatsapp-fixtures/webhook-*.json")) {
			webhookFixtures.add(fixture.getContentAsByteArray());
		}
		assertThat(webhookFixtures).isNotEmpty();
	}

	@AfterContainer
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	/** A trip, leads (one from WhatsApp, with a conversation), a task, a booking, a token and notifications. */
	private static void createSomeOfEverything(Caller admin) {
		long agentId = jdbc.sql("SELECT id FROM app_user WHERE email = ?").param(AGENT_EMAIL).query(Long.class).single();
		for (int i = 1; i <= 2; i++) {
			LocalDate start = LocalDate.now().plusDays(30L * i);
			created(admin.send("POST", "/api/trips/", json(Map.of("code", "HOSTILE-" + i, "title", "Trip " + i, "destination",
					"Lisbon", "start_date", start.toString(), "end_date", start.plusDays(6).toString(), "price", "1200.00",
					"currency", "EUR", "capacity", 20, "status", "open"))));
		}
		for (int i = 1; i <= 3; i++) {
			created(admin.send("POST", "/api/leads/", json(Map.of("name", "Lead " + i, "phone", "+34 600 000 00" + i, "source",
					"website", "assigned_to", agentId))));
			created(admin.send("POST", "/api/whatsapp/sandbox/messages/",
					json(Map.of("phone", "+49 151 000 000" + i, "name", "Customer " + i, "type", "text", "text", "Hello " + i))));
		}
		refreshIdPools();
		long lead = idPools.get("/api/leads").get(0);
		long trip = idPools.get("/api/trips").get(0);
		created(admin.send("POST", "/api/tasks/", json(Map.of("title", "Call back", "lead_id", lead, "assigned_to", agentId))));
		created(admin.send("POST", "/api/bookings/", json(Map.of("lead_id", lead, "trip_id", trip, "travelers", 2))));
		created(admin.send("POST", "/api/auth/tokens/", json(Map.of("name", "hostile"))));
		refreshIdPools();
	}

	/** The ids of existing objects, per collection, for the parameters that name one. */
	private static void refreshIdPools() {
		Caller admin = callers.get(Principal.ADMIN);
		admin.keepAuthorized();
		for (String collection : List.of("/api/leads", "/api/trips", "/api/tasks", "/api/bookings", "/api/users",
				"/api/notifications", "/api/auth/tokens")) {
			Answer answer = admin.send("GET", collection + "/?page_size=50", null);
			if (answer.status() != 200) {
				continue; // keeps the ids it had
			}
			JsonNode list = readJson(answer);
			JsonNode items = list.has("results") ? list.get("results") : list;
			List<Long> ids = new ArrayList<>();
			items.forEach(item -> {
				if (item.path("id").isIntegralNumber()) {
					ids.add(item.get("id").asLong());
				}
			});
			idPools.put(collection, ids);
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// Generation

	@Provide
	Arbitrary<Probe> hostileRequests() {
		// Webhooks weigh more: they are the input nobody signed in controls.
		Arbitrary<Operation> operation = Arbitraries
			.frequency(operations.stream().map(op -> Tuple.of(op.signed() ? 5 : 1, op)).toList());
		Arbitrary<Principal> principal = Arbitraries.frequency(Tuple.of(16, Principal.ADMIN), Tuple.of(4, Principal.AGENT),
				Tuple.of(1, Principal.ANONYMOUS));
		return Combinators.combine(operation, principal, Arbitraries.longs())
			.as((op, who, seed) -> op.probe(who, new Random(seed)));
	}

	/** An operation of the description, and how to build hostile requests for it. */
	record Operation(String method, String template, List<JsonNode> parameters, @Nullable JsonNode bodySchema,
			JsonNode components, String words) {

		static List<Operation> all(JsonNode description) {
			List<Operation> all = new ArrayList<>();
			JsonNode components = description.path("components").path("schemas");
			description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
				List<JsonNode> parameters = new ArrayList<>();
				op.getValue().path("parameters").forEach(parameters::add);
				JsonNode body = null;
				for (var content : op.getValue().path("requestBody").path("content").properties()) {
					body = content.getValue().path("schema");
				}
				String words = op.getValue().path("summary").asString("") + " "
						+ op.getValue().path("description").asString("");
				all.add(new Operation(op.getKey().toUpperCase(), path.getKey(), parameters, body, components, words));
			}));
			return all;
		}

		/** A webhook: its requests are signed with the app secret. */
		boolean signed() {
			return parameters.stream().anyMatch(p -> p.path("name").asString("").equals("X-Hub-Signature-256"));
		}

		@Override
		public String toString() {
			return method + " " + template;
		}

		Probe probe(Principal who, Random random) {
			Values values = new Values(random);
			String path = template;
			StringBuilder query = new StringBuilder();
			Map<String, String> headers = new LinkedHashMap<>();
			for (JsonNode parameter : parameters) {
				String name = parameter.path("name").asString();
				JsonNode schema = resolve(parameter.path("schema"));
				switch (parameter.path("in").asString()) {
					case "path" -> path = path.replace("{" + name + "}",
							encode(values.pathValue(name, schema, idPool(name, template), candidates())));
					case "query" -> {
						// An object parameter (paging) arrives as its properties.
						Map<String, JsonNode> fields = new LinkedHashMap<>();
						if (schema.has("properties")) {
							schema.get("properties").properties().forEach(p -> fields.put(p.getKey(), p.getValue()));
						}
						else {
							fields.put(name, schema);
						}
						fields.forEach((field, fieldSchema) -> {
							int copies = random.nextInt(10) < 5 ? 0 : random.nextInt(10) == 0 ? 2 : 1;
							for (int i = 0; i < copies; i++) {
								query.append(query.isEmpty() ? "?" : "&").append(encode(field)).append('=')
									.append(encode(values.queryValue(field, resolve(fieldSchema), idPool(field, template))));
							}
						});
					}
					case "header" -> {
						if (!name.equals("X-Hub-Signature-256") && random.nextBoolean()) {
							headers.put(name, values.headerValue());
						}
					}
					default -> {
					}
				}
			}
			if (random.nextInt(20) == 0) {
				query.append(query.isEmpty() ? "?" : "&").append(encode(values.text())).append('=')
					.append(encode(values.text()));
			}
			String url = (random.nextBoolean() ? path + "/" : path) + query;
			if (signed()) {
				return webhook(who, url, values);
			}
			if (bodySchema == null || (method.equals("GET") || method.equals("DELETE"))) {
				return new Probe(who, this, method, url, headers, null, null);
			}
			JsonNode schema = resolve(bodySchema);
			if (isMultipart(schema) && random.nextInt(4) != 0) {
				return multipart(who, url, headers, schema, values);
			}
			headers.put("Content-Type", values.jsonContentType());
			return new Probe(who, this, method, url, headers, values.body(this, schema), null);
		}

		private Probe webhook(Principal who, String url, Values values) {
			JsonNode fixture = JSON.readTree(webhookFixtures.get(values.random.nextInt(webhookFixtures.size())));
			byte[] body = values.webhookBody(fixture);
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Content-Type", "application/json");
			int signature = values.random.nextInt(20);
			headers.put("X-Hub-Signature-256", signature == 0 ? "sha256=" + "0".repeat(64)
					: signature == 1 ? values.headerValue() : WebhookSignature.sign(body, APP_SECRET));
			return new Probe(who, this, method, url, headers, body, null);
		}

		private Probe multipart(Principal who, String url, Map<String, String> headers, JsonNode schema, Values values) {
			String boundary = "hostile" + Long.toHexString(values.random.nextLong());
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			StringBuilder shown = new StringBuilder();
			schema.path("properties").properties().forEach(field -> {
				boolean file = field.getValue().path("format").asString("").equals("binary");
				String filename = file ? values.filename() : null;
				String type = file ? values.mediaType() : "text/plain";
				byte[] content = file ? values.fileContent() : values.text().getBytes(StandardCharsets.UTF_8);
				String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\""
						+ (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type
						+ "\r\n\r\n";
				body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
				body.writeBytes(content);
				body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
				shown.append(field.getKey()).append("=[filename=").append(filename == null ? "-" : visible(filename))
					.append(", type=").append(visible(type)).append(", ").append(content.length).append(" bytes] ");
			});
			body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
			headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
			return new Probe(who, this, method, url, headers, body.toByteArray(), "multipart " + shown.toString().trim());
		}

		private static boolean isMultipart(JsonNode schema) {
			for (var field : schema.path("properties").properties()) {
				if (field.getValue().path("format").asString("").equals("binary")) {
					return true;
				}
			}
			return false;
		}

		JsonNode resolve(JsonNode schema) {
			String ref = schema.path("$ref").asString("");
			return ref.isEmpty() ? schema : components.path(ref.substring(ref.lastIndexOf('/') + 1));
		}

		/** Words of the operation's description that look like keys (a chart's name, a filter). */
		private List<String> candidates() {
			List<String> found = new ArrayList<>();
			Matcher matcher = Pattern.compile("\\b[a-z]+(?:_[a-z]+)*\\b").matcher(words);
			while (matcher.find()) {
				found.add(matcher.group());
			}
			return found;
		}

	}

	/** The ids of existing objects a parameter or field of this name likely refers to. */
	static List<Long> idPool(String name, String template) {
		String lower = name.toLowerCase();
		String collection;
		if (lower.contains("lead")) {
			collection = "/api/leads";
		}
		else if (lower.contains("assign") || lower.contains("actor") || lower.contains("user")) {
			collection = "/api/users";
		}
		else if (lower.endsWith("_id") || lower.equals("trip")) {
			collection = "/api/" + lower.replace("_id", "") + "s";
		}
		else {
			String prefix = template.contains("{") ? template.substring(0, template.indexOf('{') - 1) : template;
			collection = prefix;
		}
		return idPools.getOrDefault(collection, List.of());
	}

	/** Values, from plausible to hostile, drawn with the try's random. */
	static final class Values {

		private static final List<String> HOSTILE_TEXT = List.of("", " ", ",", ",,", "a,b", ",open", "%", "_", "\\",
				"'", "\"", "' OR '1'='1", "1; drop table lead; --", "$1", "{}", "[]", "null", "undefined", "true", "NaN",
				"Infinity", "-0", "\u0000", "a\u0000b", "\uD83D\uDE00", "\u202Eevil", "e\u0301", "\r\n", "\t",
				"<script>alert(1)</script>", "../../etc/passwd", "%00", "%2F", "{{7*7}}", "${jndi:ldap://x/a}", "\uFEFF",
				"\uFFFF", "\uD800", "\u00A0", "*", "?", "#", "&", "=", "+", ";", "|");

		private static final List<String> HOSTILE_NUMBERS = List.of("0", "-1", "1", "2147483647", "2147483648",
				"-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
				"99999999999999999999999999", "1.5", "1.0", "1e3", "1e309", "-1e309", "0x10", "010", "+1", " 1", "1 ",
				"\u0661\u0662", "\uFF11\uFF12", "\u0967", "NaN", "-0", "1_000", "1,000", "0.0000001", "١", "1\u0000");

		private static final List<String> HOSTILE_DATES = List.of("-999999999-01-01", "+999999999-12-31",
				"0000-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "2026-1-1", "20261201", "1970-01-01",
				"2026-12-01T10:00:00Z", "2026-12-01T25:61:00Z", "-2026-12-01", "2026-12-01T10:00:00+25:00",
				"+10000-01-01T00:00:00Z", "1000000-01-01", "yesterday");

		private static final List<String> RAW_JSON = List.of("[".repeat(600) + "]".repeat(600),
				"{\"a\":".repeat(600) + "1" + "}".repeat(600), "1e400", "-1e400", "9223372036854775808",
				"-9223372036854775809", "123456789012345678901234567890", "-0", "1.0e-400", "0.5", "1.5", "2.0",
				"2.0000000001", "1E2", "[]", "{}", "[null]", "[1,\"a\",{}]", "{\"a\":1,\"a\":2}", "\"\\u0000\"",
				"\"\\ud800\"", "true", "false", "null");

		private static final List<String> BROKEN_BODIES = List.of("", "null", "[]", "{", "{\"a\":}", "\"text\"", "42",
				"true", "{\"a\":1,}", "{'a':1}", "\uFEFF{}", "{}{}", "NaN", "[".repeat(5000));

		final Random random;

		Values(Random random) {
			this.random = random;
		}

		<T> T pick(List<T> from) {
			return from.get(random.nextInt(from.size()));
		}

		String text() {
			return switch (random.nextInt(6)) {
				case 0, 1 -> pick(HOSTILE_TEXT);
				case 2 -> randomChars(1 + random.nextInt(30));
				case 3 -> pick(List.of("x", "é", "\u0000", "\uD83D\uDE00", "9", "'")).repeat(1 + random.nextInt(12_000));
				case 4 -> pick(HOSTILE_NUMBERS);
				default -> pick(HOSTILE_DATES);
			};
		}

		/** Characters from everywhere (controls, surrogates, letters of other scripts), never a leak marker. */
		private String randomChars(int length) {
			StringBuilder chars = new StringBuilder();
			for (int i = 0; i < length; i++) {
				int kind = random.nextInt(5);
				chars.append((char) switch (kind) {
					case 0 -> random.nextInt(0x20);
					case 1 -> 'a' + random.nextInt(26);
					case 2 -> 0xD800 + random.nextInt(0x800);
					case 3 -> 0x0600 + random.nextInt(0x100);
					default -> random.nextInt(0x10000);
				});
			}
			String text = chars.toString();
			return LEAKS.stream().anyMatch(text::contains) ? "leak-free" : text;
		}

		String pathValue(String name, JsonNode schema, List<Long> ids, List<String> candidates) {
			boolean integer = schema.path("type").asString("").equals("integer");
			int choice = random.nextInt(10);
			if (choice < 4 && integer && !ids.isEmpty()) {
				return String.valueOf(pick(ids));
			}
			if (choice < 4 && !integer && !candidates.isEmpty()) {
				return pick(candidates);
			}
			return choice < 7 ? pick(HOSTILE_NUMBERS) : text();
		}

		String queryValue(String name, JsonNode schema, List<Long> ids) {
			if (random.nextInt(10) < 4) {
				return plausible(name, schema, ids);
			}
			return switch (random.nextInt(4)) {
				case 0 -> pick(HOSTILE_NUMBERS);
				case 1 -> pick(HOSTILE_DATES);
				// A list where one value is expected, with empty items.
				case 2 -> pick(List.of("", ",")) + plausible(name, schema, ids) + pick(List.of(",", ",,", ""))
						+ plausible(name, schema, ids) + pick(List.of(",", ""));
				default -> text();
			};
		}

		String plausible(String name, JsonNode schema, List<Long> ids) {
			String type = schema.path("type").asString("");
			String format = schema.path("format").asString("");
			if (schema.has("enum")) {
				return pick(enumValues(schema));
			}
			if (schema.has("pattern") && schema.get("pattern").asString().matches("[a-z_]+(\\|[a-z_]+)+")) {
				return pick(List.of(schema.get("pattern").asString().split("\\|")));
			}
			if (type.equals("integer")) {
				return !ids.isEmpty() && random.nextBoolean() ? String.valueOf(pick(ids)) : String.valueOf(random.nextInt(5));
			}
			if (type.equals("boolean")) {
				return String.valueOf(random.nextBoolean());
			}
			if (type.equals("number")) {
				return String.valueOf(random.nextInt(100_000) / 100.0);
			}
			if (format.equals("date") || name.matches("(from|to|.*_(after|before))")) {
				return LocalDate.now().plusDays(random.nextInt(400) - 200).toString();
			}
			if (format.equals("date-time")) {
				return Instant.now().plusSeconds(random.nextInt(10_000_000) - 5_000_000L).toString();
			}
			if (name.equals("ordering")) {
				return pick(List.of("created_at", "-created_at", "name", "-value", "due_at", "start_date", "-id"));
			}
			if (!ids.isEmpty() && random.nextBoolean()) {
				return String.valueOf(pick(ids));
			}
			return pick(List.of("open", "new", "website", "whatsapp", "admin", "lead", "Lisbon", "draft", "unread"));
		}

		private static List<String> enumValues(JsonNode schema) {
			List<String> values = new ArrayList<>();
			schema.get("enum").forEach(value -> values.add(value.asString()));
			return values;
		}

		/** A header value the HTTP client accepts: visible ASCII only. */
		String headerValue() {
			return switch (random.nextInt(4)) {
				case 0 -> "";
				case 1 -> "x".repeat(1 + random.nextInt(9000));
				case 2 -> pick(List.of("text/csv", "application/json", "*/*", "garbage", "text/html", "a/b;q=x"));
				default -> pick(HOSTILE_NUMBERS).strip().replaceAll("[^\\x21-\\x7e]", "") + UUID.randomUUID();
			};
		}

		String jsonContentType() {
			return random.nextInt(10) != 0 ? "application/json"
					: pick(List.of("text/plain", "application/xml", "application/json; charset=ISO-8859-1",
							"application/x-www-form-urlencoded", "application/merge-patch+json", "multipart/form-data"));
		}

		String filename() {
			return switch (random.nextInt(4)) {
				case 0 -> "photo.jpg";
				case 1 -> pick(List.of("", "..", "../../etc/passwd", "a\u0000b.jpg", "\u202Egpj.exe", "CON", "a\"b.png",
						"\uD83D\uDE00.png", "a\r\nb.png"));
				case 2 -> "x".repeat(1 + random.nextInt(5000)) + ".png";
				default -> text();
			};
		}

		String mediaType() {
			return pick(List.of("image/jpeg", "image/png", "application/pdf", "application/octet-stream", "text/plain",
					"image/svg+xml", "video/mp4", "audio/ogg", "x/y", "image/jpeg; charset=\u00e9", "*/*"));
		}

		byte[] fileContent() {
			byte[] content = new byte[random.nextInt(10) == 0 ? 0 : random.nextInt(20_000)];
			random.nextBytes(content);
			return content;
		}

		/** A valid body of the schema, then 0 to 3 mutations; now and then a body that is not even JSON. */
		byte[] body(Operation operation, JsonNode schema) {
			if (random.nextInt(12) == 0) {
				return pick(BROKEN_BODIES).getBytes(StandardCharsets.UTF_8);
			}
			if (random.nextInt(60) == 0) {
				return new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
			}
			JsonNode body = valid(operation, schema, 0);
			Map<String, String> raw = new HashMap<>();
			int mutations = random.nextInt(4);
			for (int i = 0; i < mutations; i++) {
				body = mutate(body, raw);
			}
			return withRaw(JSON.writeValueAsString(body), raw).getBytes(StandardCharsets.UTF_8);
		}

		JsonNode valid(Operation operation, JsonNode schema, int depth) {
			JsonNode resolved = operation.resolve(schema);
			String type = resolved.path("type").asString(resolved.has("properties") ? "object" : "string");
			String format = resolved.path("format").asString("");
			switch (type) {
				case "object" -> {
					ObjectNode object = NODES.objectNode();
					if (depth < 4) {
						resolved.path("properties").properties().forEach(field -> {
							if (random.nextInt(5) != 0) {
								object.set(field.getKey(), validField(operation, field.getKey(), field.getValue(), depth));
							}
						});
					}
					return object;
				}
				case "array" -> {
					ArrayNode array = NODES.arrayNode();
					for (int i = random.nextInt(4); i > 0; i--) {
						array.add(valid(operation, resolved.path("items"), depth + 1));
					}
					return array;
				}
				case "integer" -> {
					return NODES.numberNode(random.nextInt(5));
				}
				case "number" -> {
					return NODES.numberNode(new java.math.BigDecimal(random.nextInt(1_000_000)).movePointLeft(2));
				}
				case "boolean" -> {
					return NODES.booleanNode(random.nextBoolean());
				}
				default -> {
					return NODES.stringNode(plausibleText(resolved, format));
				}
			}
		}

		private JsonNode validField(Operation operation, String name, JsonNode schema, int depth) {
			JsonNode resolved = operation.resolve(schema);
			List<Long> ids = idPool(name, operation.template());
			if (resolved.path("type").asString("").equals("integer") && !ids.isEmpty()
					&& (name.endsWith("_id") || name.contains("assign") || name.equals("reply_to"))) {
				return NODES.numberNode(pick(ids));
			}
			if (resolved.path("type").asString("").equals("array") && name.equals("ids") && !ids.isEmpty()) {
				ArrayNode array = NODES.arrayNode();
				for (int i = 1 + random.nextInt(3); i > 0; i--) {
					array.add(pick(ids));
				}
				return array;
			}
			return valid(operation, schema, depth + 1);
		}

		private String plausibleText(JsonNode schema, String format) {
			if (schema.has("enum")) {
				return pick(enumValues(schema));
			}
			String pattern = schema.path("pattern").asString("");
			if (pattern.matches("[a-z_]+(\\|[a-z_]+)+")) {
				return pick(List.of(pattern.split("\\|")));
			}
			return switch (format) {
				case "date" -> LocalDate.now().plusDays(random.nextInt(400) - 100).toString();
				case "date-time" -> Instant.now().plusSeconds(random.nextInt(10_000_000)).toString();
				case "email" -> "someone" + random.nextInt(1000) + "@example.com";
				default -> pattern.equals("[A-Z]{3}") ? "EUR"
						: pattern.startsWith("\\+?[0-9") ? "+34 600 " + (100_000 + random.nextInt(900_000))
								: pattern.startsWith("[A-Za-z0-9]") ? "T" + random.nextInt(100_000)
										: pick(List.of("Lisbon", "Maria Lopez", "new", "website", "hello there", "won",
												"contacted", "whatsapp", "qualified", "ads"));
			};
		}

		/** Replaces a value somewhere in the tree (or adds a field) with something hostile. */
		JsonNode mutate(JsonNode body, Map<String, String> raw) {
			List<JsonNode> containers = new ArrayList<>();
			collectContainers(body, containers);
			if (containers.isEmpty()) {
				return hostileValue(raw);
			}
			JsonNode container = pick(containers);
			if (container instanceof ObjectNode object) {
				List<String> names = new ArrayList<>(object.propertyNames());
				if (names.isEmpty() || random.nextInt(5) == 0) {
					object.set(pick(List.of("extra", "id", "created_at", "__proto__", "Name", "stage ", "é")),
							hostileValue(raw));
				}
				else {
					String name = pick(names);
					if (random.nextInt(6) == 0) {
						object.remove(name);
					}
					else {
						object.set(name, hostileValue(raw));
					}
				}
			}
			else if (container instanceof ArrayNode array) {
				if (array.isEmpty() || random.nextBoolean()) {
					array.add(hostileValue(raw));
				}
				else {
					array.set(random.nextInt(array.size()), hostileValue(raw));
				}
			}
			return body;
		}

		private static void collectContainers(JsonNode node, List<JsonNode> into) {
			if (node.isContainer()) {
				into.add(node);
				node.forEach(child -> collectContainers(child, into));
			}
		}

		JsonNode hostileValue(Map<String, String> raw) {
			return switch (random.nextInt(9)) {
				case 0 -> NODES.nullNode();
				case 1, 2 -> NODES.stringNode(text());
				case 3 -> NODES.numberNode(pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, 2_147_483_648L)));
				case 4 -> NODES.booleanNode(random.nextBoolean());
				case 5 -> NODES.arrayNode().add(text());
				case 6 -> NODES.objectNode().put("a", text());
				case 7 -> NODES.stringNode("x".repeat(random.nextInt(20) == 0 ? 1_000_000 : 20_000));
				default -> {
					String placeholder = "\u0001raw" + raw.size();
					raw.put(placeholder, pick(RAW_JSON));
					yield NODES.stringNode(placeholder);
				}
			};
		}

		private static String withRaw(String json, Map<String, String> raw) {
			String result = json;
			for (var entry : raw.entrySet()) {
				result = result.replace("\"" + "\\u0001" + entry.getKey().substring(1) + "\"", entry.getValue());
			}
			return result;
		}

		/** A fixture with fresh message ids and its timestamps now, then mutated like any body. */
		byte[] webhookBody(JsonNode fixture) {
			String text = JSON.writeValueAsString(fixture)
				.replaceAll("wamid\\.[A-Za-z0-9=_-]+", "wamid.hostile-" + UUID.randomUUID())
				.replaceAll("\"timestamp\":\"\\d+\"", "\"timestamp\":\"" + Instant.now().getEpochSecond() + "\"");
			JsonNode body = JSON.readTree(text);
			Map<String, String> raw = new HashMap<>();
			int mutations = random.nextInt(4);
			for (int i = 0; i < mutations; i++) {
				body = mutate(body, raw);
			}
			if (random.nextInt(8) == 0) {
				String name = pick(List.of("\u0000", "a\u0000b", "x".repeat(1_000_000), "\uD83D\uDE00".repeat(5000), ""));
				body.findParents("profile").forEach(parent -> {
					if (parent.get("profile") instanceof ObjectNode profile) {
						profile.put("name", name);
					}
				});
			}
			return withRaw(JSON.writeValueAsString(body), raw).getBytes(StandardCharsets.UTF_8);
		}

	}

	// ---------------------------------------------------------------------------------------------------------
	// Sending

	enum Principal {
		ADMIN, AGENT, ANONYMOUS
	}

	/** One generated request; its text shows what was sent, long values abbreviated and controls escaped. */
	record Probe(Principal principal, Operation operation, String method, String url, Map<String, String> headers,
			byte @Nullable [] body, @Nullable String bodyDescription) {

		@Override
		public String toString() {
			String shownBody = bodyDescription != null ? bodyDescription
					: body == null ? "" : abbreviate(visible(new String(body, StandardCharsets.UTF_8)), 400);
			Map<String, String> shownHeaders = new LinkedHashMap<>();
			headers.forEach((name, value) -> shownHeaders.put(name, abbreviate(value, 80)));
			return "as " + principal + ": " + method + " " + abbreviate(url, 400) + " " + shownHeaders
					+ (shownBody.isEmpty() ? "" : " body " + shownBody);
		}

	}

	record Answer(int status, String body) {
	}

	/** The user row a token caller's restore puts back, and its token. */
	record UserRow(long id, String email, String role, String passwordHash, long tokenId) {
	}

	/**
	 * How a principal calls: the admin and the agent with a personal API token, so that the run's own failed
	 * sign-ins (throttled per client address) and password changes cannot lock them out; the anonymous caller
	 * with cookies only (XSRF-TOKEN, and any session a fuzzed sign-in starts).
	 */
	static final class Caller {

		private final @Nullable String token;

		private final @Nullable UserRow user;

		private final CookieManager cookies = new CookieManager();

		private final HttpClient http;

		Caller(@Nullable String token, @Nullable UserRow user) {
			this.token = token;
			this.user = user;
			this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(ANSWER_TIMEOUT).build();
		}

		/** Signs in once, before the run, to create the user's token; later calls carry only the token. */
		static Caller withTokenOf(String email, String password) {
			Caller session = new Caller(null, null);
			session.send("GET", "/api/auth/csrf/", null);
			Answer signIn = session.send("POST", "/api/auth/login/", json(Map.of("email", email, "password", password)));
			assertThat(signIn.status()).as("sign-in of %s: %s", email, signIn.body()).isEqualTo(200);
			Answer created = session.send("POST", "/api/auth/tokens/", json(Map.of("name", "hostile input")));
			assertThat(created.status()).as("token of %s: %s", email, created.body()).isEqualTo(201);
			JsonNode token = JSON.readTree(created.body());
			UserRow user = jdbc.sql("SELECT id, email, role, password_hash FROM app_user WHERE email = ?").param(email)
				.query((rs, row) -> new UserRow(rs.getLong("id"), rs.getString("email"), rs.getString("role"),
						rs.getString("password_hash"), token.path("token").path("id").asLong()))
				.single();
			return new Caller(token.path("secret").asString(), user);
		}

		/**
		 * The run may change this user's email, role, access or password, or revoke its token (as a user
		 * would): then its rows are put back as they were.
		 */
		void keepAuthorized() {
			if (user == null || isAuthorized(user, send("GET", "/api/auth/me/", null))) {
				return;
			}
			jdbc.sql("UPDATE app_user SET email = ?, role = ?, active = true, password_hash = ? WHERE id = ?")
				.params(user.email(), user.role(), user.passwordHash(), user.id()).update();
			jdbc.sql("UPDATE api_token SET revoked_at = NULL, expires_at = NULL WHERE id = ?").param(user.tokenId())
				.update();
			Answer me = send("GET", "/api/auth/me/", null);
			assertThat(isAuthorized(user, me)).as("%s is not authorized again after its rows were restored: "
					+ "GET /api/auth/me/ answered %d %s", user.email(), me.status(), abbreviate(me.body(), 600)).isTrue();
		}

		private static boolean isAuthorized(UserRow user, Answer me) {
			return me.status() == 200 && readJson(me).path("role").asString("").equals(user.role());
		}

		JsonNode get(String path) {
			return JSON.readTree(send("GET", path, null).body());
		}

		Answer send(String method, String path, byte @Nullable [] body) {
			Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
			try {
				return exchange(method, path, headers, body, SETUP_TIMEOUT);
			}
			catch (IOException ex) {
				throw new IllegalStateException(method + " " + path, ex);
			}
		}

		Answer exchange(String method, String path, Map<String, String> headers, byte @Nullable [] body,
				Duration timeout) throws IOException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(timeout)
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body))
				.header("Accept", "application/json");
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			headers.forEach(request::setHeader);
			cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
				.map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
			try {
				HttpResponse<String> response = http.send(request.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				return new Answer(response.statusCode(), response.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

	}

	private static Answer send(Probe probe) {
		try {
			return callers.get(probe.principal()).exchange(probe.method(), probe.url(), probe.headers(), probe.body(),
					ANSWER_TIMEOUT);
		}
		catch (HttpTimeoutException ex) {
			return new Answer(599, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
		}
		catch (IOException ex) {
			return new Answer(598, "connection failed: " + ex);
		}
	}

	private static final class Failure {

		final String report;

		int count;

		Failure(String report) {
			this.report = report;
		}

	}

	// ---------------------------------------------------------------------------------------------------------

	private static void created(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
	}

	/** The answer's JSON, or an empty object when it is none. */
	private static JsonNode readJson(Answer answer) {
		try {
			return JSON.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return NODES.objectNode();
		}
	}

	private static byte[] json(Object value) {
		return JSON.writeValueAsBytes(value);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** Control characters and unpaired surrogates as escapes, so that a report shows what was sent. */
	static String visible(String text) {
		StringBuilder shown = new StringBuilder();
		text.chars().forEach(c -> {
			if (c < 0x20 || c == 0x7f || (c >= 0xD800 && c <= 0xDFFF) || c == 0x202E || c == 0xFEFF) {
				shown.append(String.format("\\u%04x", c));
			}
			else {
				shown.append((char) c);
			}
		});
		return shown.toString();
	}

	static String abbreviate(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
