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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

	public static void main(String[] args) throws Exception {
		base = args[0];
		String email = args[1];
		String password = args[2];
		appSecret = args[3];
		int wsClients = Integer.parseInt(args[4]);
		login(email, password);

		// The liveness probe touches no database: the HTTP stack's own rate.
		Stats reference = load("GET /actuator/health/liveness (HTTP reference)", 16, Duration.ofSeconds(10),
				() -> get("/actuator/health/liveness"));
		record("http_reference", reference);

		for (String filter : List.of("", "stage=qualified", "source=instagram", "is_whatsapp=true", "assigned_to=none",
				"created_after=" + LocalDate.now().minusDays(30), "search=garcia", "search=5551",
				"ordering=-expected_value", "ordering=name", "stage=negotiation&ordering=-score")) {
			String path = "/api/leads/?page_size=25" + (filter.isEmpty() ? "" : "&" + filter);
			record("lead_list " + (filter.isEmpty() ? "(no filter)" : filter),
					load("GET " + path, 8, Duration.ofSeconds(6), () -> get(path)));
		}
		// A deep page the way clients reach it: by the keyset cursor of a next link, 50,000 rows in (or
		// halfway down a smaller list).
		long deepPage = Math.max(1, Math.min(2000, Long.getLong("bench.leads", 0) / 25 / 2));
		String deep = nextLink("/api/leads/?page_size=25&page=" + deepPage);
		record("lead_list deep page (cursor)", load("GET /api/leads/?page_size=25&cursor=… (row " + deepPage * 25
				+ ")", 8, Duration.ofSeconds(6), () -> get(deep)));

		String from = LocalDate.now().minusDays(89).toString();
		String dashboard = (get("/api/analytics/dashboard/") == 200 ? "/api/analytics/dashboard/" : "/api/analytics/metrics/")
				+ "?from=" + from + "&to=" + LocalDate.now();
		record("dashboard_90_days", load("GET " + dashboard.replaceAll("\\?.*", "") + " (90 days, all metrics and charts)",
				8, Duration.ofSeconds(8), () -> get(dashboard)));

		timeline();
		webhookIngest(Duration.ofSeconds(20), 32);
		realtime(wsClients, 50);

		results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "memory_gb",
				Math.round(totalMemoryGb() * 10) / 10.0));
		results.put("scale", Map.of("leads", Long.getLong("bench.leads", 0)));
		Map<String, Object> process = new LinkedHashMap<>();
		process.put("startup_to_healthy_seconds", Double.parseDouble(System.getProperty("bench.startup", "0")));
		process.put("rss_idle_mb", Long.getLong("bench.rss.idle", 0));
		process.put("rss_under_load_mb", rssMb(Long.getLong("bench.pid", 0)));
		results.put("process", process);
		double pgTps = Double.parseDouble(System.getProperty("bench.pgbench.tps", "0"));
		results.put("postgres_reference", Map.of("single_row_insert_tps", pgTps));
		write(reference.rps(), pgTps);
	}

	// ---- scenarios

	static void timeline() throws Exception {
		long lead = leadIdOfAnyone();
		int events = 5000;
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Void>> notes = new ArrayList<>();
		for (int i = 0; i < events; i++) {
			int n = i;
			notes.add(CompletableFuture.runAsync(() -> post("/api/leads/" + lead + "/notes/", "{\"text\":\"Bench note " + n + "\"}"), pool));
		}
		notes.forEach(CompletableFuture::join);
		pool.shutdown();
		record("timeline_5000_events first page", load("GET /api/leads/" + lead + "/events/", 8, Duration.ofSeconds(6),
				() -> get("/api/leads/" + lead + "/events/?page_size=50")));
		record("timeline_5000_events deep page", load("GET /api/leads/" + lead + "/events/?page=90", 8, Duration.ofSeconds(6),
				() -> get("/api/leads/" + lead + "/events/?page_size=50&page=90")));
	}

	/** Signed notifications as fast as they are accepted, one in ten a duplicate; then the time until all are processed. */
	static void webhookIngest(Duration duration, int concurrency) throws Exception {
		long before = messagesStored();
		List<String> sentWamids = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger duplicates = new AtomicInteger();
		Stats stats = load("POST /api/whatsapp/webhook/ (signed, 10% duplicates)", concurrency, duration, () -> {
			String wamid;
			if (!sentWamids.isEmpty() && Math.random() < 0.10) {
				wamid = sentWamids.get((int) (Math.random() * sentWamids.size()));
				duplicates.incrementAndGet();
			}
			else {
				wamid = "wamid.bench-" + UUID.randomUUID();
				sentWamids.add(wamid);
			}
			return postSigned(notification(wamid));
		});
		Instant sentAt = Instant.now();
		long expected = before + sentWamids.size();
		long stored = before;
		Duration processed = null;
		Duration settled = null;
		while (Duration.between(sentAt, Instant.now()).toSeconds() < 600 && settled == null) {
			if (processed == null) {
				stored = messagesStored();
				if (stored >= expected && backlog() == 0) {
					processed = Duration.between(sentAt, Instant.now());
				}
			}
			if (processed != null && eventsOutstanding() == 0) {
				settled = Duration.between(sentAt, Instant.now());
			}
			Thread.sleep(100);
		}
		stored = messagesStored();
		Map<String, Object> ingest = stats.toMap();
		ingest.put("unique_messages", sentWamids.size());
		ingest.put("duplicates_sent", duplicates.get());
		ingest.put("messages_stored", stored - before);
		ingest.put("lost_or_duplicated", (stored - before) - sentWamids.size());
		// Processed: every message in its conversation. Settled: every listener (notifications, live feed,
		// analytics) has handled every event too.
		ingest.put("processed_seconds_after_last_post", processed == null ? -1 : processed.toMillis() / 1000.0);
		ingest.put("settled_seconds_after_last_post", settled == null ? -1 : settled.toMillis() / 1000.0);
		ingest.put("processed_per_second", processed == null ? 0 : Math.round(sentWamids.size()
				/ (duration.toMillis() / 1000.0 + processed.toMillis() / 1000.0)));
		results.put("webhook_ingest", ingest);
		System.out.printf(Locale.ROOT, "webhook ingest: %s%n", ingest);
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
							if (message.contains("\"type\":\"hello\"")) {
								ready.countDown();
							}
							else if (message.contains("\"type\":\"message_received\"")) {
								int at = message.indexOf("\"wamid\":\"");
								if (at >= 0) {
									String wamid = message.substring(at + 9, message.indexOf('"', at + 9));
									Instant sent = postedAt.get(wamid);
									if (sent != null) {
										latencies.add(Duration.between(sent, Instant.now()).toNanos() / 1000);
									}
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
		Stats stats = Stats.of("webhook to WebSocket, " + clients + " clients", latencies, Duration.ofSeconds(1));
		Map<String, Object> realtime = stats.toMap();
		realtime.put("clients", clients);
		realtime.put("messages", messages);
		realtime.put("deliveries_expected", (long) clients * messages);
		results.put("realtime", realtime);
		System.out.printf(Locale.ROOT, "realtime: %s%n", realtime);
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

	/** {@code concurrency} loops calling {@code request} for {@code duration}; each call returns its HTTP status. */
	static Stats load(String name, int concurrency, Duration duration, Supplier<Integer> request) throws Exception {
		for (int warm = 0; warm < 20; warm++) {
			request.get();
		}
		List<Long> micros = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger errors = new AtomicInteger();
		Instant end = Instant.now().plus(duration);
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		for (int i = 0; i < concurrency; i++) {
			pool.submit(() -> {
				while (Instant.now().isBefore(end)) {
					long start = System.nanoTime();
					int status = request.get();
					micros.add((System.nanoTime() - start) / 1000);
					if (status >= 400) {
						errors.incrementAndGet();
					}
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
		Stats stats = Stats.of(name, micros, duration);
		stats = new Stats(stats.name(), stats.requests(), errors.get(), stats.seconds(), stats.p50Ms(), stats.p99Ms(),
				stats.maxMs());
		System.out.printf(Locale.ROOT, "%-70s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n", name, stats.rps(),
				stats.p50Ms(), stats.p99Ms(), stats.errors());
		return stats;
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

	/** A text from one of 20,000 bench customers, in Meta's format. */
	static String notification(String wamid) {
		long customer = 15559000000L + (Math.abs(wamid.hashCode()) % 20_000);
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages","value":{
				"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234","phone_number_id":"105000000000002"},
				"contacts":[{"profile":{"name":"Bench %d"},"wa_id":"%d"}],"messages":[{"from":"%d","id":"%s",
				"timestamp":"%d","type":"text","text":{"body":"Is the Bali trip still available in July?"}}]}}]}]}"""
			.formatted(customer, customer, customer, wamid, Instant.now().getEpochSecond());
	}

	static long messagesStored() {
		return Long.parseLong(sql("SELECT count(*) FROM whatsapp_message WHERE wamid LIKE 'wamid.bench-%'"));
	}

	/** Domain events some listener has not handled yet. */
	static long eventsOutstanding() {
		return Long.parseLong(sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL"));
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
				double reference = key.equals("webhook_ingest") ? pgTps : key.equals("realtime") ? 0 : httpReferenceRps;
				md.append("| ").append(map.get("name")).append(" | ").append(rps).append(" | ")
					.append(reference > 0 ? String.format(Locale.ROOT, "%.3f", rps / reference) : "—").append(" | ")
					.append(map.get("p50_ms")).append(" | ").append(map.get("p99_ms")).append(" | ")
					.append(map.containsKey("errors") ? map.get("errors") : 0).append(" |\n");
			}
		});
		md.append("\nWebhook ingest: ").append(toJson(results.get("webhook_ingest"))).append("\n\nReal time: ")
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
