package io.tripdesk.whatsapp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.tripdesk.TripdeskApplication;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.TestDatabase;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crash safety: Tripdesk runs as a process of its own, under a load of signed webhooks and sends, and is
 * killed with SIGKILL at random moments (some while it is still starting up), then started again on the
 * same database. Whatever was acknowledged must survive exactly once: every message of a webhook answered
 * 200 is stored once, with one lead per customer; every send answered 200 or 202 reaches the Graph API
 * (the fake here) and counts once there by its {@code biz_opaque_callback_data}, the message id Tripdesk
 * attaches; every domain event is handled by every listener once (no publication left incomplete, one
 * timeline entry, live event and notification each); and the rollups equal their rebuild.
 * <p>
 * Meta has no idempotency key, so a kill after Meta's answer and before Tripdesk records it would send
 * that message again once its lease runs out. The fake, like Meta, follows each send with a signed
 * {@code sent} status echoing our message id, retried until a node answers 200; that status records the
 * message instead, and none is sent twice. A resend would take a status not processed within
 * {@code abandoned-send-wait} of the restarted node picking up the abandoned send, which the harness's
 * prompt status retries rule out: it asserts none.
 * <p>
 * Short form (every build): 3 kills. Long form: {@code -Dcrash.kills=20}; a run is repeated with the seed
 * it prints ({@code -Dcrash.seed=…}), up to the timing. Each node's log is kept in
 * {@code target/crash-safety/}.
 */
class CrashSafetyTests {

	private static final int KILLS = Integer.getInteger("crash.kills", 3);

	private static final long SEED = Long.getLong("crash.seed", System.currentTimeMillis());

	private static final String APP_SECRET = "crash-safety-secret";

	private static final String AGENT_EMAIL = "agent@crash.local";

	/**
	 * A send left by a killed node goes out again after this: short, so that the test need not wait long,
	 * yet above the Graph API timeout (10 s), so that a slow answer is not sent twice by another thread.
	 */
	private static final String SEND_LEASE = "15s";

	/** How long a send whose lease ran out waits for Meta's status before it goes out again. */
	private static final String ABANDONED_SEND_WAIT = "10s";

	/** How long after answering a send the fake posts its status, as Meta's trail its answers. */
	private static final Duration STATUS_DELAY = Duration.ofMillis(300);

	private final Random random = new Random(SEED);

	private final FakeMeta meta = new FakeMeta(this::deliverStatus);

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
		.connectTimeout(Duration.ofSeconds(2)).build();

	private final List<Node> nodes = new ArrayList<>();

	private volatile @Nullable Node node;

	private volatile boolean loading = true;

	private volatile boolean finished;

	private final AtomicInteger requests = new AtomicInteger();

	/** Requests answered 200 or 202. */
	private final AtomicInteger answered = new AtomicInteger();

	/** Requests answered with something no client retries (other than 200, 202, 409 and 5xx). */
	private final List<String> refused = new CopyOnWriteArrayList<>();

	private final List<Throwable> driverFailures = new CopyOnWriteArrayList<>();

	/** The customer of each message of a webhook answered 200, by wamid. */
	private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

	private final AtomicInteger notificationsAcknowledged = new AtomicInteger();

	/** The message id of each send answered 200 or 202, by idempotency key. */
	private final Map<String, Long> accepted = new ConcurrentHashMap<>();

	private @Nullable JdbcClient jdbc;

	@AfterEach
	void stopEverything() throws IOException {
		loading = false;
		finished = true;
		nodes.forEach(Node::kill);
		meta.shutdown();
	}

	@Test
	void whatWasAcknowledgedSurvivesSigkillsExactlyOnce() throws Exception {
		System.out.printf("CRASH-SAFETY seed=%d kills=%d (repeat with -Dcrash.seed=%d -Dcrash.kills=%d)%n", SEED, KILLS,
				SEED, KILLS);
		Instant began = Instant.now();
		meta.server.start();
		String database = TestDatabase.newDatabase();
		jdbc = JdbcClient.create(new DriverManagerDataSource(database, TestDatabase.user(), TestDatabase.password()));

		Node first = launch(database);
		Duration startup = first.awaitReady();
		signIn();
		assertThat(post("/api/users/", Map.of("email", AGENT_EMAIL, "name", "Agent", "password", "agent-password-1",
				"role", "AGENT"), null)).as("agent created").isEqualTo(201);

		List<Thread> drivers = List.of(driver("webhooks", this::postWebhooks), driver("sends", this::postSends));
		drivers.forEach(Thread::start);
		int killsWhileStarting = 0;
		for (int kill = 1; kill <= KILLS; kill++) {
			Node current = node();
			boolean whileStarting = kill > 1 && random.nextInt(4) == 0;
			if (whileStarting) {
				Thread.sleep((long) (startup.toMillis() * (0.2 + 0.7 * random.nextDouble())));
				killsWhileStarting += current.answersReady() ? 0 : 1;
			}
			else {
				current.awaitReady();
				awaitAnswers(10 + random.nextInt(50));
				Thread.sleep(random.nextInt(300));
			}
			current.kill();
			launch(database);
		}
		node().awaitReady();
		awaitAnswers(20);
		loading = false;
		for (Thread driver : drivers) {
			driver.join(60_000);
			assertThat(driver.isAlive()).as("driver %s finished", driver.getName()).isFalse();
		}
		assertThat(driverFailures).isEmpty();
		assertThat(refused).as("requests answered neither with success nor with something to retry").isEmpty();

		awaitDrained();
		Summary summary = check();
		System.out.printf(
				"CRASH-SAFETY seed=%d kills=%d (while starting: %d) requests=%d webhooks acknowledged=%d (messages=%d) "
						+ "lost=%d duplicated=%d sends accepted=%d delivered once=%d resent after a kill=%d "
						+ "rollup differences=%d duration=%ds%n",
				SEED, KILLS, killsWhileStarting, requests.get(), notificationsAcknowledged.get(), acknowledged.size(),
				summary.lost(), summary.duplicated(), accepted.size(), summary.deliveredOnce(), summary.resent(),
				summary.rollupDifferences(), Duration.between(began, Instant.now()).toSeconds());
	}

	/** Some load on the node, however slow the machine is, before it is killed. */
	private void awaitAnswers(int more) throws InterruptedException {
		int target = answered.get() + more;
		Instant deadline = Instant.now().plusSeconds(60);
		while (answered.get() < target && Instant.now().isBefore(deadline)) {
			Thread.sleep(20);
		}
	}

	/** Until the inbox, the send queue and the event publications hold nothing left to do. */
	private void awaitDrained() throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(90);
		String left = "";
		while (Instant.now().isBefore(deadline)) {
			long inbox = count("SELECT count(*) FROM webhook_inbox WHERE status <> 'processed'");
			long sending = count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out' AND status IN ('queued', 'sending')");
			long events = count("SELECT count(*) FROM event_publication WHERE completion_date IS NULL");
			int statuses = meta.statusesOnTheirWay.get();
			if (inbox + sending + events + statuses == 0) {
				return;
			}
			left = "inbox=" + inbox + " sends=" + sending + " event publications=" + events + " statuses posting="
					+ statuses;
			Thread.sleep(100);
		}
		fail("work left 90 s after the last restart: " + left + "; logs in " + Node.LOGS);
	}

	private record Summary(long lost, long duplicated, long deliveredOnce, long resent, long rollupDifferences) {
	}

	private Summary check() {
		// Every message of a webhook answered 200 stored, once; nothing stored that was not sent.
		Map<String, Long> stored = new HashMap<>();
		jdbc().sql("SELECT wamid, count(*) AS n FROM whatsapp_message WHERE direction = 'in' GROUP BY wamid")
			.query((rs, row) -> stored.put(rs.getString("wamid"), rs.getLong("n"))).list();
		Set<String> lost = acknowledged.keySet().stream().filter(wamid -> !stored.containsKey(wamid))
			.collect(Collectors.toSet());
		Map<String, Long> duplicated = stored.entrySet().stream().filter(entry -> entry.getValue() > 1)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		assertThat(lost).as("acknowledged messages not stored").isEmpty();
		assertThat(duplicated).as("messages stored more than once").isEmpty();
		assertThat(stored.keySet()).as("stored messages").containsExactlyInAnyOrderElementsOf(acknowledged.keySet());

		// One lead per customer.
		Set<String> customers = Set.copyOf(acknowledged.values());
		Map<String, Long> leadsPerCustomer = new TreeMap<>();
		jdbc().sql("SELECT wa_id, count(*) AS n FROM lead WHERE wa_id IS NOT NULL GROUP BY wa_id")
			.query((rs, row) -> leadsPerCustomer.put(rs.getString("wa_id"), rs.getLong("n"))).list();
		assertThat(leadsPerCustomer.keySet()).containsExactlyInAnyOrderElementsOf(customers);
		assertThat(leadsPerCustomer.values()).as("leads per customer").containsOnly(1L);

		// Every accepted send stored once, handed to Meta, and counted once there by our message id.
		Map<String, Long> rowsPerKey = new HashMap<>();
		jdbc().sql("SELECT idempotency_key, count(*) AS n FROM whatsapp_message WHERE direction = 'out' GROUP BY idempotency_key")
			.query((rs, row) -> rowsPerKey.put(rs.getString("idempotency_key"), rs.getLong("n"))).list();
		assertThat(rowsPerKey.keySet()).as("stored sends").containsExactlyInAnyOrderElementsOf(accepted.keySet());
		assertThat(rowsPerKey.values()).as("rows per idempotency key").containsOnly(1L);
		assertThat(count("SELECT count(*) FROM whatsapp_message WHERE direction = 'out' "
				+ "AND (status NOT IN ('accepted', 'sent', 'delivered', 'read') OR wamid IS NULL)"))
			.as("sends not accepted by Meta").isZero();
		Set<String> ours = accepted.values().stream().map(id -> "tripdesk-message-" + id).collect(Collectors.toSet());
		assertThat(meta.calls.keySet()).as("messages Meta was asked to send").containsExactlyInAnyOrderElementsOf(ours);
		assertThat(meta.unmarked.get()).as("sends without our message id").isZero();
		long resent = meta.calls.values().stream().mapToLong(calls -> calls.get() - 1).sum();
		assertThat(resent).as("sends repeated although Meta's status named them (see the log in %s)", Node.LOGS)
			.isZero();
		long deliveredOnce = meta.calls.size();

		// Each listener's effect once: the timeline, the live feed, the notifications.
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message m WHERE m.direction = 'in' AND (SELECT count(*) FROM lead_event e
				 WHERE e.type = 'message_in' AND e.payload ->> 'message_id' = m.id::text) <> 1""")).as("timeline entries not one per message received").isZero();
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message m WHERE m.direction = 'out' AND (SELECT count(*) FROM lead_event e
				 WHERE e.type = 'message_out' AND e.payload ->> 'message_id' = m.id::text) <> 1""")).as("timeline entries not one per message sent").isZero();
		assertThat(count("""
				SELECT count(*) FROM whatsapp_message m WHERE m.direction = 'in' AND (SELECT count(*) FROM live_event e
				 WHERE e.type = 'message_received' AND e.payload ->> 'message_id' = m.id::text) <> 1""")).as("live events not one per message received").isZero();
		assertThat(count("""
				SELECT count(*) FROM lead l WHERE (SELECT count(*) FROM notification n JOIN app_user u ON u.id = n.user_id
				 WHERE n.lead_id = l.id AND n.type = 'lead_created' AND u.email = ?) <> 1""", IntegrationTest.ADMIN_EMAIL))
			.as("leads not announced once to the admin").isZero();
		assertThat(count("""
				SELECT count(*) FROM lead l WHERE (SELECT count(*) FROM notification n JOIN app_user u ON u.id = n.user_id
				 WHERE n.lead_id = l.id AND n.type = 'message_received' AND u.email = ?) <> 1""", AGENT_EMAIL))
			.as("unassigned leads' messages not told to the agent once").isZero();
		assertThat(count("SELECT count(*) FROM event_publication")).as("event publications left").isZero();

		// The event-fed rollups equal a recomputation from the raw tables.
		JsonNode verification = get("/api/analytics/verify/");
		assertThat(verification.get("differences").asLong()).as("rollups against their rebuild: %s", verification)
			.isZero();
		return new Summary(lost.size(), duplicated.size(), deliveredOnce, resent, verification.get("differences").asLong());
	}

	// --- the load ------------------------------------------------------------------------------------------

	private Thread driver(String name, ThrowingRunnable body) {
		Thread thread = new Thread(() -> {
			try {
				body.run();
			}
			catch (Throwable ex) {
				driverFailures.add(ex);
			}
		}, "crash-" + name);
		thread.setDaemon(true);
		return thread;
	}

	private interface ThrowingRunnable {

		void run() throws Exception;

	}

	private record Inbound(String wamid, String customer, String text) {
	}

	/**
	 * Notifications of one to three messages from one or two customers, the way Meta batches them; some sent
	 * again whole once they were acknowledged (Meta retries), some repeating a message in a new notification.
	 * Each is posted until it is answered 200, as Meta does.
	 */
	private void postWebhooks() throws InterruptedException {
		Random load = new Random(SEED + 1);
		List<String> customers = new ArrayList<>();
		for (int i = 1; i <= 12; i++) {
			customers.add("1555099%04d".formatted(i));
		}
		List<byte[]> sent = new ArrayList<>();
		Map<String, List<Inbound>> history = new HashMap<>();
		int next = 0;
		while (loading) {
			byte[] body;
			List<Inbound> messages = new ArrayList<>();
			if (!sent.isEmpty() && load.nextInt(7) == 0) {
				body = sent.get(load.nextInt(sent.size()));
			}
			else {
				StringBuilder changes = new StringBuilder();
				for (int c = 0, n = 1 + load.nextInt(2); c < n; c++) {
					String customer = customers.get(load.nextInt(customers.size()));
					List<Inbound> ofCustomer = new ArrayList<>();
					for (int m = 0, count = 1 + load.nextInt(3); m < count; m++) {
						next++;
						ofCustomer.add(new Inbound("wamid.crash-" + SEED + "-" + next, customer, "Message " + next));
					}
					List<Inbound> earlier = history.getOrDefault(customer, List.of());
					if (!earlier.isEmpty() && load.nextInt(10) == 0) {
						ofCustomer.add(earlier.get(load.nextInt(earlier.size())));
					}
					changes.append(changes.isEmpty() ? "" : ",").append(change(customer, ofCustomer));
					messages.addAll(ofCustomer);
				}
				body = """
						{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[%s]}]}"""
					.formatted(changes).getBytes(StandardCharsets.UTF_8);
			}
			deliverWebhook(body);
			notificationsAcknowledged.incrementAndGet();
			if (!messages.isEmpty()) {
				sent.add(body);
				for (Inbound message : messages) {
					acknowledged.put(message.wamid(), message.customer());
					history.computeIfAbsent(message.customer(), customer -> new ArrayList<>()).add(message);
				}
			}
			Thread.sleep(20 + load.nextInt(60));
		}
	}

	private static String change(String customer, List<Inbound> messages) {
		String texts = messages.stream().map(message -> """
				{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}""".formatted(customer,
				message.wamid(), Instant.now().getEpochSecond(), message.text())).collect(Collectors.joining(","));
		return """
				{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234",
				"phone_number_id":"105000000000002"},"contacts":[{"profile":{"name":"Customer %s"},"wa_id":"%s"}],
				"messages":[%s]}}""".formatted(customer.substring(7), customer, texts);
	}

	private void deliverWebhook(byte[] body) throws InterruptedException {
		HttpResponse<String> response = postUntilAnswered(body);
		if (response == null) {
			return;
		}
		if (response.statusCode() == 200) {
			answered.incrementAndGet();
		}
		else {
			refused.add("webhook: " + response.statusCode() + " " + response.body());
		}
	}

	/** A status notification of the fake Meta, posted like any other but not counted as load. */
	private void deliverStatus(byte[] body) throws InterruptedException {
		HttpResponse<String> response = postUntilAnswered(body);
		if (response != null && response.statusCode() != 200) {
			refused.add("status webhook: " + response.statusCode() + " " + response.body());
		}
	}

	/** Posts a signed notification until it is answered with anything but a 5xx, as Meta does; null once the test is over. */
	private @Nullable HttpResponse<String> postUntilAnswered(byte[] body) throws InterruptedException {
		String signature = WebhookSignature.sign(body, APP_SECRET);
		while (!finished) {
			try {
				requests.incrementAndGet();
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/whatsapp/webhook/"))
					.timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
					.header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() < 500) {
					return response;
				}
			}
			catch (IOException unanswered) {
				// The node died or is not up yet: Meta tries again.
			}
			Thread.sleep(100);
		}
		return null;
	}

	/**
	 * Replies to customers whose lead exists, each under an idempotency key of its own that is sent again,
	 * as a client does, until the request is answered.
	 */
	private void postSends() throws InterruptedException {
		Random load = new Random(SEED + 2);
		Map<String, Long> leads = new HashMap<>();
		int next = 0;
		while (loading) {
			List<String> customers = acknowledged.values().stream().distinct().sorted().toList();
			if (customers.isEmpty()) {
				Thread.sleep(100);
				continue;
			}
			String customer = customers.get(load.nextInt(customers.size()));
			Long lead = leads.computeIfAbsent(customer, waId -> jdbc().sql("SELECT id FROM lead WHERE wa_id = ?")
				.param(waId).query(Long.class).optional().orElse(null));
			if (lead == null) {
				Thread.sleep(50);
				continue;
			}
			next++;
			String key = "crash-send-" + SEED + "-" + next;
			Long id = sendUntilAnswered(key, Map.of("lead_id", lead, "type", "text", "text", "Reply " + next));
			if (id != null) {
				accepted.put(key, id);
			}
			Thread.sleep(40 + load.nextInt(80));
		}
	}

	private @Nullable Long sendUntilAnswered(String key, Map<String, Object> message) throws InterruptedException {
		while (true) {
			try {
				HttpResponse<String> response = request("POST", "/api/whatsapp/send-message/", message, key);
				int status = response.statusCode();
				if (status == 200 || status == 202) {
					answered.incrementAndGet();
					return ApiClient.json().readTree(response.body()).get("id").asLong();
				}
				if (status != 409 && status < 500) {
					refused.add("send " + key + ": " + status + " " + response.body());
					return null;
				}
			}
			catch (IOException unanswered) {
				// The node died or is not up yet: the client sends the same key again.
			}
			Thread.sleep(100);
		}
	}

	// --- HTTP as the dashboard: a session (kept in the database, so it outlives a node) and the XSRF cookie ---

	private void signIn() {
		assertThat(get("/api/auth/csrf/")).isNotNull();
		int status = post("/api/auth/login/",
				Map.of("email", IntegrationTest.ADMIN_EMAIL, "password", IntegrationTest.ADMIN_PASSWORD), null);
		assertThat(status).as("sign-in").isEqualTo(200);
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = request("GET", path, null, null);
			assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
			return ApiClient.json().readTree(response.body().isEmpty() ? "{}" : response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private int post(String path, @Nullable Object body, @Nullable String idempotencyKey) {
		try {
			return request("POST", path, body, idempotencyKey).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpResponse<String> request(String method, String path, @Nullable Object body,
			@Nullable String idempotencyKey) throws IOException {
		requests.incrementAndGet();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
			.header("Accept", "application/json")
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(ApiClient.json().writeValueAsString(body)));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + node().port + path);
	}

	// --- the node and the fake Meta ---------------------------------------------------------------------------

	private Node node() {
		Node current = node;
		if (current == null) {
			throw new IllegalStateException("no node started");
		}
		return current;
	}

	private Node launch(String database) throws IOException {
		Node launched = Node.launch(nodes.size() + 1, database, meta.server.url("/").toString());
		nodes.add(launched);
		node = launched;
		return launched;
	}

	private JdbcClient jdbc() {
		JdbcClient client = jdbc;
		if (client == null) {
			throw new IllegalStateException("no database yet");
		}
		return client;
	}

	private long count(String sql, Object... params) {
		return jdbc().sql(sql).params(Arrays.asList(params)).query(Long.class).single();
	}

	/** Tripdesk in a JVM of its own, on the test's classes and libraries, so that it can be SIGKILLed. */
	private static final class Node {

		static final Path LOGS = Path.of("target", "crash-safety");

		private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

		final int number;

		final int port;

		final Process process;

		final Instant launched = Instant.now();

		private volatile boolean ready;

		private Node(int number, int port, Process process) {
			this.number = number;
			this.port = port;
			this.process = process;
		}

		static Node launch(int number, String database, String graphBaseUrl) throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			// The application's classes and libraries; the test classes stay out, or their configurations would be scanned.
			String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
				.filter(entry -> !Path.of(entry).endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
					TripdeskApplication.class.getName(), "--server.port=" + port, "--tripdesk.db.url=" + database,
					"--tripdesk.db.user=" + TestDatabase.user(),
					"--tripdesk.db.max-pool-size=10", "--tripdesk.admin.email=" + IntegrationTest.ADMIN_EMAIL,
					"--tripdesk.admin.password=" + IntegrationTest.ADMIN_PASSWORD,
					"--tripdesk.whatsapp.access-token=crash-safety-token", "--tripdesk.whatsapp.graph-base-url=" + graphBaseUrl,
					"--tripdesk.whatsapp.app-secret=" + APP_SECRET,
					"--tripdesk.whatsapp.send-lease=" + SEND_LEASE,
					"--tripdesk.whatsapp.abandoned-send-wait=" + ABANDONED_SEND_WAIT, "--spring.main.banner-mode=off");
			Files.createDirectories(LOGS);
			File log = LOGS.resolve("node-" + number + ".log").toFile();
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
			// In the environment rather than the command line, which every local user can read.
			builder.environment().put("TRIPDESK_DB_PASSWORD", TestDatabase.password());
			Process process = builder.start();
			return new Node(number, port, process);
		}

		/** Whether the node takes traffic now (its readiness probe answers 200). */
		boolean answersReady() throws InterruptedException {
			if (!ready) {
				try {
					ready = PROBE.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException notYet) {
					// still starting
				}
			}
			return ready;
		}

		/** Waits until the node takes traffic; returns how long it took to start. */
		Duration awaitReady() throws InterruptedException {
			Instant deadline = Instant.now().plusSeconds(120);
			while (!answersReady() && Instant.now().isBefore(deadline)) {
				if (!process.isAlive()) {
					fail("node " + number + " exited with " + process.exitValue() + "; see " + LOGS.resolve("node-" + number + ".log"));
				}
				Thread.sleep(100);
			}
			if (!ready) {
				fail("node " + number + " not ready within 120 s; see " + LOGS.resolve("node-" + number + ".log"));
			}
			return Duration.between(launched, Instant.now());
		}

		/** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut off. */
		void kill() {
			process.destroyForcibly();
			try {
				process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Meta's Graph API: accepts every message and counts the calls for each by our message id (the
	 * {@code biz_opaque_callback_data}); the same message asked for again gets the same wamid. A moment after
	 * each answer it posts the message's {@code sent} status, echoing that id, and posts it again while no
	 * node answers, as Meta retries its webhooks.
	 */
	private static final class FakeMeta {

		final MockWebServer server = new MockWebServer();

		final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		final AtomicInteger unmarked = new AtomicInteger();

		/** Statuses posted after a send and not yet answered 200 (or refused). */
		final AtomicInteger statusesOnTheirWay = new AtomicInteger();

		private final ScheduledExecutorService webhooks = Executors.newScheduledThreadPool(4, runnable -> {
			Thread thread = new Thread(runnable, "fake-meta-webhooks");
			thread.setDaemon(true);
			return thread;
		});

		FakeMeta(StatusWebhook statusWebhook) {
			server.setDispatcher(new Dispatcher() {

				@Override
				public MockResponse dispatch(RecordedRequest request) {
					if (!"POST".equals(request.getMethod()) || request.getPath() == null
							|| !request.getPath().endsWith("/messages")) {
						return json("{\"data\":[]}");
					}
					JsonNode body = ApiClient.json().readTree(request.getBody().readUtf8());
					String ours = body.path("biz_opaque_callback_data").asString("");
					if (ours.isEmpty()) {
						unmarked.incrementAndGet();
						return json("{\"success\":true}");
					}
					calls.computeIfAbsent(ours, id -> new AtomicInteger()).incrementAndGet();
					String wamid = "wamid.out-" + ours;
					byte[] status = sent(wamid, body.path("to").asString("").replace("+", ""), ours);
					statusesOnTheirWay.incrementAndGet();
					webhooks.schedule(() -> {
						try {
							statusWebhook.post(status);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						finally {
							statusesOnTheirWay.decrementAndGet();
						}
					}, STATUS_DELAY.toMillis(), TimeUnit.MILLISECONDS);
					return json("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + wamid + "\"}]}");
				}

			});
		}

		private static byte[] sent(String wamid, String recipient, String callbackData) {
			return """
					{"object":"whatsapp_business_account","entry":[{"id":"104000000000001","changes":[{"field":"messages",
					"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001234",
					"phone_number_id":"105000000000002"},"statuses":[{"id":"%s","status":"sent","timestamp":"%d",
					"recipient_id":"%s","biz_opaque_callback_data":"%s"}]}}]}]}"""
				.formatted(wamid, Instant.now().getEpochSecond(), recipient, callbackData)
				.getBytes(StandardCharsets.UTF_8);
		}

		private static MockResponse json(String body) {
			return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
		}

		void shutdown() throws IOException {
			webhooks.shutdownNow();
			server.shutdown();
		}

	}

	private interface StatusWebhook {

		void post(byte[] body) throws InterruptedException;

	}

}
