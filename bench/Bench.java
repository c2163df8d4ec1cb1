import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tripdesk's load benchmark: measures a running Tripdesk on loopback (see run.sh, which starts it on
 * generated data) and writes results/latest.json and results/latest.md. JDK only: run with
 * {@code java bench/Bench.java <base-url> <admin-email> <admin-password> <app-secret> <ws-clients>}.
 */
public class Bench {

	static final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
		.connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(64)).build();

	static String base;

	static String appSecret;

	static final Map<String, Object> results = new LinkedHashMap<>();

	/**
	 * The scenarios to measure ({@code -Dbench.only=ingest,realtime}; all when empty): lists, dashboard,
	 * timeline, ingest, realtime. A partial run prints its figures and leaves results/latest.* alone.
	 */
	static final List<String> ONLY = Arrays.stream(System.getProperty("bench.only", "").split(","))
		.map(String::trim).filter(name -> !name.isEmpty()).toList();

	static boolean measures(String scenario) {
		return ONLY.isEmpty() || ONLY.contains(scenario);
	}

	public static void main(String[] args) throws Exception {
		base = args[0];
		String email = args[1];
		String password = args[2];
		appSecret = args[3];
		int wsClients = Integer.parseInt(args[4]);
		login(email, password);

		// The liveness probe, asked without a session as a load balancer asks, touches no database: the
		// HTTP stack's own rate.
		runWrk("/actuator/health/liveness", LIST_CONNECTIONS, Duration.ofSeconds(2), false);
		Stats reference = measuredWrk("GET /actuator/health/liveness (HTTP reference)", "/actuator/health/liveness",
				LIST_CONNECTIONS, Duration.ofSeconds(10), false);
		record("http_reference", reference);

		if (measures("lists")) {
			List<String> filters = List.of("", "stage=qualified", "source=instagram", "is_whatsapp=true", "assigned_to=none",
					"created_after=" + LocalDate.now().minusDays(30), "search=garcia", "search=5551",
					"ordering=-expected_value", "ordering=name", "stage=negotiation&ordering=-score");
			// A server that has been up a while has compiled its hot paths; a fresh JVM still compiles for
			// half a minute, and the first lists measured would pay for it (the unfiltered one at a third of
			// its warm rate). One pass over all of them first, as the JIT's warm-up.
			for (String filter : filters) {
				runWrk("/api/leads/?page_size=25" + (filter.isEmpty() ? "" : "&" + filter), LIST_CONNECTIONS,
						Duration.ofSeconds(3), true);
			}
			for (String filter : filters) {
				String path = "/api/leads/?page_size=25" + (filter.isEmpty() ? "" : "&" + filter);
				record("lead_list " + (filter.isEmpty() ? "(no filter)" : filter),
						wrk("GET " + path, path, LIST_CONNECTIONS, Duration.ofSeconds(6)));
			}
			// A deep page the way clients reach it: by the keyset cursor of a next link, 50,000 rows in (or
			// halfway down a smaller list).
			long deepPage = Math.max(1, Math.min(2000, Long.getLong("bench.leads", 0) / 25 / 2));
			String deep = nextLink("/api/leads/?page_size=25&page=" + deepPage);
			record("lead_list deep page (cursor)", wrk("GET /api/leads/?page_size=25&cursor=… (row " + deepPage * 25 + ")",
					deep, LIST_CONNECTIONS, Duration.ofSeconds(6)));
		}
		if (measures("dashboard")) {
			// The dashboard's target is server time, so one request at a time: latency without queueing.
			String from = LocalDate.now().minusDays(89).toString();
			String dashboard = "/api/analytics/dashboard/?from=" + from + "&to=" + LocalDate.now();
			record("dashboard_90_days", wrk("GET /api/analytics/dashboard/ (90 days, all metrics and charts)", dashboard, 1,
					Duration.ofSeconds(8)));
		}
		if (measures("timeline")) {
			timeline();
		}
		if (measures("ingest")) {
			// At the target's rate, 2,000 a second on a fixed schedule, then as fast as the webhook accepts.
			webhookIngest("webhook_ingest_steady", "POST /api/whatsapp/webhook/ (signed, 10% duplicates, steady 2,000/s)",
					Duration.ofSeconds(15), 32, 2000);
			webhookIngest("webhook_ingest", "POST /api/whatsapp/webhook/ (signed, 10% duplicates, as fast as accepted)",
					Duration.ofSeconds(20), 32, 0);
		}
		if (measures("realtime")) {
			realtime(wsClients, 50);
		}

		results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "memory_gb",
				Math.round(totalMemoryGb() * 10) / 10.0));
		results.put("scale", Map.of("leads", Long.getLong("bench.leads", 0)));
		Map<String, Object> process = new LinkedHashMap<>();
		process.put("startup_to_healthy_seconds", Double.parseDouble(System.getProperty("bench.startup", "0")));
		process.put("startup_to_healthy_with_cds_seconds", Double.parseDouble(System.getProperty("bench.startup.cds", "0")));
		process.put("rss_idle_mb", Long.getLong("bench.rss.idle", 0));
		process.put("rss_under_load_mb", rssMb(Long.getLong("bench.pid", 0)));
		results.put("process", process);
		double pgTps = Double.parseDouble(System.getProperty("bench.pgbench.tps", "0"));
		results.put("postgres_reference", Map.of("single_row_insert_tps", pgTps));
		if (ONLY.isEmpty()) {
			write(reference.rps(), pgTps);
		}
		else {
			System.out.println("bench: only " + ONLY + " measured, so results/latest.* are left as they were");
		}
		// The HTTP clients' executors are not daemons and would keep the JVM running.
		System.exit(0);
	}

	// ---- scenarios

	static void timeline() throws Exception {
		long lead = leadIdOfAnyone();
		int events = 5000;
		// A kept database still holds the notes of earlier runs on the same lead: 5,000 each time, not in all.
		sql("DELETE FROM lead_event WHERE lead_id = " + lead + " AND type = 'note' AND payload->>'text' LIKE 'Bench note %'");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Void>> notes = new ArrayList<>();
		for (int i = 0; i < events; i++) {
			int n = i;
			notes.add(CompletableFuture.runAsync(() -> post("/api/leads/" + lead + "/notes/", "{\"text\":\"Bench note " + n + "\"}"), pool));
		}
		notes.forEach(CompletableFuture::join);
		pool.shutdown();
		record("timeline_5000_events first page", wrk("GET /api/leads/" + lead + "/events/",
				"/api/leads/" + lead + "/events/?page_size=50", LIST_CONNECTIONS, Duration.ofSeconds(6)));
		record("timeline_5000_events deep page", wrk("GET /api/leads/" + lead + "/events/?page=90",
				"/api/leads/" + lead + "/events/?page_size=50&page=90", LIST_CONNECTIONS, Duration.ofSeconds(6)));
		// The same lead's conversation with 5,000 messages, written straight to the table: the webhook's
		// own path is measured below.
		sql("INSERT INTO whatsapp_message (wamid, lead_id, direction, type, body, status, created_at) SELECT "
				+ "'wamid.bench-history-' || " + lead + " || '-' || n, " + lead + ", CASE WHEN n % 2 = 0 THEN 'in' ELSE 'out' END, "
				+ "'text', 'Message ' || n, CASE WHEN n % 2 = 0 THEN 'received' ELSE 'read' END, "
				+ "now() - make_interval(mins => 5000 - n) FROM generate_series(1, 5000) AS n ON CONFLICT (wamid) DO NOTHING");
		String conversation = "/api/whatsapp/conversations/" + lead + "/messages/?page_size=50";
		record("conversation_5000_messages first page", wrk("GET /api/whatsapp/conversations/" + lead + "/messages/",
				conversation, LIST_CONNECTIONS, Duration.ofSeconds(6)));
		record("conversation_5000_messages deep page", wrk("GET /api/whatsapp/conversations/" + lead
				+ "/messages/?page=90", conversation + "&page=90", LIST_CONNECTIONS, Duration.ofSeconds(6)));
	}

	/**
	 * Signed notifications at a fixed rate, or as fast as they are accepted (rate 0), from wrk with
	 * {@code webhook.lua}: every request a different pre-signed notification, one in ten a copy of one sent
	 * before (Meta's re-deliveries).
	 * Then the time until every message is in its conversation, and whether any was lost or stored twice,
	 * from what the inbox acknowledged against what the conversations hold.
	 */
	static void webhookIngest(String key, String name, Duration duration, int connections, int ratePerSecond)
			throws Exception {
		String run = "wamid.bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		// The customers of an earlier run on a kept database are still waiting for a reply: 15 minutes on, the
		// reply watch would alert every agent of each of them in the middle of this measurement. As if the
		// agency had answered them since.
		sql("UPDATE lead SET awaiting_reply_since = NULL WHERE wa_id BETWEEN '" + FIRST_CUSTOMER + "' AND '"
				+ (FIRST_CUSTOMER + CUSTOMERS - 1) + "' AND awaiting_reply_since IS NOT NULL");
		// A fresh JVM compiles the webhook's and the inbox's hot paths for a while (in its first 20 s under load
		// it accepted half the posts it did a minute later): eight seconds of posts first, all processed.
		Path warmUp = webhookRequests("wamid.bench-warm-up-" + UUID.randomUUID().toString().substring(0, 8) + "-", 64_000);
		// Meta signs its posts and sends no session.
		runWrk("/api/whatsapp/webhook/", connections, Duration.ofSeconds(8), false, "bench/webhook.lua", warmUp.toString(),
				"2");
		Files.delete(warmUp);
		// The warm-up's own work done first, its listeners' too: on a new database it made the customers'
		// leads, and their events would otherwise be handled while the load is measured.
		Instant settling = Instant.now();
		while ((backlog() > 0 || eventsOutstanding() > 0)
				&& Duration.between(settling, Instant.now()).toMinutes() < 10) {
			Thread.sleep(100);
		}
		// More notifications than the load can send, so none is sent twice but the intended duplicates.
		Path requests = webhookRequests(run, (int) duration.toSeconds() * 8000);
		long inboxBefore = Long.parseLong(sql("SELECT coalesce(max(id), 0) FROM webhook_inbox"));
		Stats stats = measuredWrk(name, "/api/whatsapp/webhook/", connections, duration, false, "bench/webhook.lua",
				requests.toString(), "2", String.valueOf(ratePerSecond));
		Files.delete(requests);
		Instant sentAt = Instant.now();
		// What the webhook acknowledged: the notifications it stored (a 200 is sent only after the insert
		// committed).
		String[] accepted = sql("SELECT count(*) || ' ' || count(DISTINCT wamid) FROM (SELECT convert_from(body, 'UTF8')::jsonb"
				+ " #>> '{entry,0,changes,0,value,messages,0,id}' AS wamid FROM webhook_inbox WHERE id > " + inboxBefore
				+ ") AS notifications").split(" ");
		long notifications = Long.parseLong(accepted[0]);
		long unique = Long.parseLong(accepted[1]);
		Duration processed = null;
		Duration settled = null;
		while (Duration.between(sentAt, Instant.now()).toSeconds() < 600 && settled == null) {
			// The backlog first: counting the run's messages reads the whole message table, too slow to poll.
			if (processed == null && backlog() == 0 && messagesStored(run)[0] >= unique) {
				processed = Duration.between(sentAt, Instant.now());
			}
			if (processed != null && eventsOutstanding() == 0) {
				settled = Duration.between(sentAt, Instant.now());
			}
			Thread.sleep(100);
		}
		long[] stored = messagesStored(run);
		Map<String, Object> ingest = stats.toMap();
		ingest.put("notifications_accepted", notifications);
		ingest.put("unique_messages", unique);
		ingest.put("duplicates_sent", notifications - unique);
		ingest.put("messages_stored", stored[0]);
		ingest.put("lost", unique - stored[1]);
		ingest.put("stored_twice", stored[0] - stored[1]);
		// Processed: every message in its conversation. Settled: every listener (notifications, live feed,
		// analytics) has handled every event too.
		ingest.put("processed_seconds_after_last_post", processed == null ? -1 : processed.toMillis() / 1000.0);
		ingest.put("settled_seconds_after_last_post", settled == null ? -1 : settled.toMillis() / 1000.0);
		ingest.put("processed_per_second", processed == null ? 0 : Math.round(unique
				/ (duration.toMillis() / 1000.0 + processed.toMillis() / 1000.0)));
		results.put(key, ingest);
		System.out.printf(Locale.ROOT, "webhook ingest: %s%n", ingest);
	}

	/**
	 * A file of {@code count} signed notifications for webhook.lua, one per line ({@code signature TAB body});
	 * every tenth repeats one a few hundred lines back, as Meta's late re-deliveries do.
	 */
	static Path webhookRequests(String wamidPrefix, int count) throws IOException {
		Path file = Files.createTempFile("tripdesk-bench-webhooks", ".tsv");
		List<String> lines = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int message = i % 10 == 9 && i > 500 ? i - 1 - 10 * (int) (Math.random() * 40) : i;
			String body = notification(wamidPrefix + message).replace("\n", "");
			lines.add(sign(body.getBytes(StandardCharsets.UTF_8)) + "\t" + body);
		}
		Files.write(file, lines);
		return file;
	}

	/** Time from a signed webhook to its message_received on each of many connected dashboards. */
	static void realtime(int clients, int messages) throws Exception {
		String cookie = cookieHeader();
		Map<String, Instant> postedAt = new ConcurrentHashMap<>();
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch ready = new CountDownLatch(clients);
		List<WebSocket> sockets = new ArrayList<>();
		HttpClient wsClient = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
		for (int i = 0; i < clients; i++) {
			sockets.add(wsClient.newWebSocketBuilder().header("Cookie", cookie)
				.buildAsync(URI.create(base.replace("http", "ws") + "/ws/admin/"), new WebSocket.Listener() {
					final StringBuilder text = new StringBuilder();

					@Override
					public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
						text.append(data);
						if (last) {
							String message = text.toString();
							text.setLength(0);
							String type = field(message, "type");
							if ("hello".equals(type)) {
								ready.countDown();
							}
							else if ("message_received".equals(type)) {
								String wamid = field(message, "wamid");
								Instant sent = wamid == null ? null : postedAt.get(wamid);
								if (sent != null) {
									latencies.add(Duration.between(sent, Instant.now()).toNanos() / 1000);
								}
							}
						}
						socket.request(1);
						return null;
					}
				}).get(30, TimeUnit.SECONDS));
		}
		ready.await(60, TimeUnit.SECONDS);
		for (int i = 0; i < messages; i++) {
			String wamid = "wamid.rt-" + UUID.randomUUID();
			postedAt.put(wamid, Instant.now());
			postSigned(notification(wamid));
			Thread.sleep(200);
		}
		Thread.sleep(3000);
		sockets.forEach(socket -> socket.abort());
		// Its rate: deliveries a second while the messages were being posted.
		Stats stats = Stats.of("webhook to WebSocket, " + clients + " clients (deliveries/s)", latencies,
				Duration.ofMillis(messages * 200L));
		Map<String, Object> realtime = stats.toMap();
		realtime.put("clients", clients);
		realtime.put("messages", messages);
		realtime.put("deliveries_expected", (long) clients * messages);
		results.put("realtime", realtime);
		System.out.printf(Locale.ROOT, "realtime: %s%n", realtime);
	}

	private static final Pattern STRING_FIELD = Pattern.compile("\"(type|wamid)\"\\s*:\\s*\"([^\"]*)\"");

	/**
	 * A string field of a live message, null when it has none; each the bench looks for is there once. JSON
	 * may space its colons, as PostgreSQL writes the feed's messages.
	 */
	static String field(String message, String name) {
		Matcher matcher = STRING_FIELD.matcher(message);
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				return matcher.group(2);
			}
		}
		return null;
	}

	// ---- measurement

	record Stats(String name, int requests, int errors, double seconds, double p50Ms, double p99Ms, double maxMs) {

		static Stats of(String name, List<Long> micros, Duration duration) {
			List<Long> sorted = new ArrayList<>(micros);
			Collections.sort(sorted);
			return new Stats(name, sorted.size(), 0, duration.toMillis() / 1000.0, percentile(sorted, 0.50),
					percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0);
		}

		double rps() {
			return requests / seconds;
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("name", name);
			map.put("requests", requests);
			map.put("errors", errors);
			map.put("requests_per_second", Math.round(rps() * 10) / 10.0);
			map.put("p50_ms", Math.round(p50Ms * 100) / 100.0);
			map.put("p99_ms", Math.round(p99Ms * 100) / 100.0);
			map.put("max_ms", Math.round(maxMs * 100) / 100.0);
			return map;
		}

	}

	/**
	 * Lets a freshly started Tripdesk finish what a start brings, so that it is not measured as load: the
	 * scoring job's first pass over leads the last run created, and the JIT's first compilations of the
	 * request paths, warmed here for a few seconds each.
	 */
	static void settle() throws Exception {
		for (int i = 0; i < 300 && !sql("SELECT count(*) FROM lead WHERE score IS NULL").equals("0"); i++) {
			Thread.sleep(1000);
		}
		String dashboard = "/api/analytics/dashboard/?from=" + LocalDate.now().minusDays(89) + "&to=" + LocalDate.now();
		for (String path : List.of("/actuator/health/liveness", "/api/leads/?page_size=25", "/api/leads/?search=garcia",
				dashboard, "/api/leads/?page_size=25&stage=qualified")) {
			runWrk(path, LIST_CONNECTIONS, Duration.ofSeconds(4), true);
		}
	}

	/** Connections for the list and timeline loads: two per core, enough to keep both busy without a queue. */
	static final int LIST_CONNECTIONS = 4;

	/**
	 * Loads {@code path} with wrk, a C load generator, so the client takes little of the cores it shares
	 * with Tripdesk and PostgreSQL: a two-second warm-up (the JIT, caches) and then the measured run,
	 * signed in with the benchmark's session.
	 */
	static Stats wrk(String name, String path, int connections, Duration duration) throws Exception {
		runWrk(path, connections, Duration.ofSeconds(2), true);
		return measuredWrk(name, path, connections, duration, true);
	}

	/**
	 * One wrk run, measured as it is; {@code signedIn}: with the benchmark's session cookie; {@code script}:
	 * a Lua script and its arguments.
	 */
	static Stats measuredWrk(String name, String path, int connections, Duration duration, boolean signedIn,
			String... script) throws Exception {
		String out = runWrk(path, connections, duration, signedIn, script);
		double seconds = duration.toMillis() / 1000.0;
		int requests = (int) number(out, "(\\d+) requests in");
		int errors = (int) number(out, "Non-2xx or 3xx responses:\\s+(\\d+)")
				+ (int) number(out, "Socket errors: connect (\\d+)") + (int) number(out, "read (\\d+), write")
				+ (int) number(out, "write (\\d+), timeout") + (int) number(out, "timeout (\\d+)");
		Stats stats = new Stats(name, requests, errors, seconds, wrkMillis(out, "\\s50%\\s+(\\S+)"),
				wrkMillis(out, "\\s99%\\s+(\\S+)"), wrkMillis(out, "Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"));
		System.out.printf(Locale.ROOT, "%-70s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n", name, stats.rps(),
				stats.p50Ms(), stats.p99Ms(), stats.errors());
		return stats;
	}

	static String runWrk(String path, int connections, Duration duration, boolean signedIn, String... script)
			throws Exception {
		List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(Math.min(2, connections)), "-c",
				String.valueOf(connections), "-d", duration.toSeconds() + "s", "--latency", "--timeout", "10s"));
		if (signedIn) {
			command.addAll(List.of("-H", "Cookie: " + cookieHeader()));
		}
		if (script.length > 0) {
			command.addAll(List.of("-s", script[0]));
		}
		command.add(base + path);
		if (script.length > 1) {
			command.add("--");
			command.addAll(Arrays.asList(script).subList(1, script.length));
		}
		Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (wrk.waitFor() != 0 || !out.contains("Requests/sec:")) {
			throw new IllegalStateException("wrk failed: " + out);
		}
		return out;
	}

	static double number(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/** A wrk duration (850.00us, 1.20ms, 2.01s, 1.00m) in milliseconds. */
	static double wrkMillis(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			return 0;
		}
		Matcher value = Pattern.compile("([\\d.]+)(us|ms|s|m)").matcher(matcher.group(1));
		if (!value.matches()) {
			return 0;
		}
		double amount = Double.parseDouble(value.group(1));
		return switch (value.group(2)) {
			case "us" -> amount / 1000;
			case "ms" -> amount;
			case "s" -> amount * 1000;
			default -> amount * 60_000;
		};
	}

	static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1000.0;
	}

	static void record(String key, Stats stats) {
		results.put(key, stats.toMap());
	}

	// ---- HTTP

	static void login(String email, String password) throws Exception {
		get("/api/auth/csrf/");
		int status = post("/api/auth/login/", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
		if (status != 200) {
			throw new IllegalStateException("Sign-in failed: " + status);
		}
	}

	static int get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()).statusCode();
	}

	static String getBody(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()).body();
	}

	static int post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", xsrf()).POST(HttpRequest.BodyPublishers.ofString(json)).build()).statusCode();
	}

	static int postSigned(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(HttpRequest.newBuilder(URI.create(base + "/api/whatsapp/webhook/"))
			.header("Content-Type", "application/json").header("X-Hub-Signature-256", sign(bytes))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()).statusCode();
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String xsrf() {
		return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
			.filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElse("");
	}

	static String cookieHeader() {
		return String.join("; ", ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies()
			.stream().map(c -> c.getName() + "=" + c.getValue()).toList());
	}

	static String sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The webhook scenarios' customers: this many WhatsApp numbers from this one on. */
	static final long FIRST_CUSTOMER = 15559000000L;

	static final int CUSTOMERS = 20_000;

	/** A text from one of the bench's customers, in Meta's format. */
	static String notification(String wamid) {
		long customer = FIRST_CUSTOMER + (Math.abs(wamid.hashCode()) % CUSTOMERS);
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages","value":{
				"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234","phone_number_id":"105000000000002"},
				"contacts":[{"profile":{"name":"Bench %d"},"wa_id":"%d"}],"messages":[{"from":"%d","id":"%s",
				"timestamp":"%d","type":"text","text":{"body":"Is the Bali trip still available in July?"}}]}}]}]}"""
			.formatted(customer, customer, customer, wamid, Instant.now().getEpochSecond());
	}

	/** The messages of one run in the conversations: all rows, and distinct message ids. */
	static long[] messagesStored(String run) {
		String[] counts = sql("SELECT count(*) || ' ' || count(DISTINCT wamid) FROM whatsapp_message WHERE wamid LIKE '"
				+ run + "%'").split(" ");
		return new long[] { Long.parseLong(counts[0]), Long.parseLong(counts[1]) };
	}

	/** Events some listener has not handled, and analytics increments not yet added to the charts' cells. */
	static long eventsOutstanding() {
		return Long.parseLong(sql("SELECT (SELECT count(*) FROM event_publication WHERE completion_date IS NULL)"
				+ " + (SELECT count(*) FROM analytics_cohort_delta) + (SELECT count(*) FROM analytics_activity_delta)"
				+ " + (SELECT count(*) FROM analytics_cohort_slice_delta) + (SELECT count(*) FROM analytics_activity_slice_delta)"));
	}

	/** The next link of a lead list page, as a path. */
	static String nextLink(String path) {
		String body = getBody(path);
		int at = body.indexOf("\"next\":\"");
		if (at < 0) {
			throw new IllegalStateException("no next link on " + path);
		}
		return body.substring(at + 8, body.indexOf('"', at + 8)).replaceFirst("^https?://[^/]+", "");
	}

	/** One value from the benchmark's database, through psql (the JDK has no PostgreSQL driver). */
	static String sql(String query) {
		try {
			Process psql = new ProcessBuilder("psql", "-h", "localhost", "-p", System.getProperty("bench.pgport", "25432"),
					"-U", "postgres", "-tAc", query, "postgres").redirectErrorStream(true).start();
			String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (psql.waitFor() != 0) {
				throw new IllegalStateException("psql failed: " + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static long backlog() {
		String body = getBody("/api/whatsapp/status/");
		int at = body.indexOf("\"backlog\":");
		return at < 0 ? 0 : Long.parseLong(body.substring(at + 10, body.indexOf(',', at + 10)));
	}

	static long leadIdOfAnyone() {
		String body = getBody("/api/leads/?page_size=1");
		int at = body.indexOf("\"results\":[{\"id\":");
		return Long.parseLong(body.substring(at + 17, body.indexOf(',', at + 17)));
	}

	static double totalMemoryGb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
				}
			}
		}
		catch (IOException ignored) {
			// not Linux
		}
		return 0;
	}

	// ---- output

	static long rssMb(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
				}
			}
		}
		catch (IOException ignored) {
			// the process is gone
		}
		return 0;
	}

	/** results/latest.json, and results/latest.md with every figure beside its physical reference. */
	@SuppressWarnings("unchecked")
	static void write(double httpReferenceRps, double pgTps) throws IOException {
		Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("latest.json"), toJson(results) + "\n");
		StringBuilder md = new StringBuilder("# Tripdesk benchmark\n\n");
		md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores, ").append(Math.round(totalMemoryGb())).append(" GiB; ").append(Long.getLong("bench.leads", 0))
			.append(" generated leads. Ratios: requests per second against the trivial HTTP endpoint (")
			.append(Math.round(httpReferenceRps)).append(" req/s); webhook ingest against PostgreSQL's single-row insert rate (")
			.append(Math.round(pgTps)).append(" tps, pgbench, same run).\n\n");
		md.append("| measurement | req/s | ratio to reference | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
		results.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && map.containsKey("p99_ms")) {
				double rps = ((Number) map.get("requests_per_second")).doubleValue();
				double reference = key.startsWith("webhook_ingest") ? pgTps : key.equals("realtime") ? 0 : httpReferenceRps;
				md.append("| ").append(map.get("name")).append(" | ").append(rps).append(" | ")
					.append(reference > 0 ? String.format(Locale.ROOT, "%.3f", rps / reference) : "—").append(" | ")
					.append(map.get("p50_ms")).append(" | ").append(map.get("p99_ms")).append(" | ")
					.append(map.containsKey("errors") ? map.get("errors") : 0).append(" |\n");
			}
		});
		md.append("\nWebhook ingest, steady: ").append(toJson(results.get("webhook_ingest_steady")))
			.append("\n\nWebhook ingest, as fast as accepted: ").append(toJson(results.get("webhook_ingest"))).append("\n\nReal time: ")
			.append(toJson(results.get("realtime"))).append("\n\nProcess: ").append(toJson(results.get("process")))
			.append("\n");
		Files.writeString(dir.resolve("latest.md"), md.toString());
		System.out.println("results written to " + dir.resolve("latest.md"));
	}

	@SuppressWarnings("unchecked")
	static String toJson(Object value) {
		if (value instanceof Map<?, ?> map) {
			List<String> fields = new ArrayList<>();
			map.forEach((k, v) -> fields.add("\"" + k + "\":" + toJson(v)));
			return "{" + String.join(",", fields) + "}";
		}
		if (value instanceof String text) {
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}
		return String.valueOf(value);
	}

}
