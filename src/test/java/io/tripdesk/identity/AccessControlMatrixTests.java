package io.tripdesk.identity;

import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.ApiClient.ApiResponse;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.webhook.WebhookSignature;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.tripdesk.support.LiveClient.about;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what. Every operation of the OpenAPI description has a row below, and every row is
 * called as anonymous, agent A, agent B and admin. Object-level operations point every role at agent
 * B's object (a fresh one where the call changes or removes it): agent B works on their own, agent A is
 * the other agent, for whom the object does not exist (404, the leads' convention; admin-only operations
 * answer agents 403 whatever the object), and lists show each agent their own records, never the other
 * agent's. Agents are checked both with a session
 * and with an API token (which needs no CSRF token); every change over a session without its CSRF
 * token is refused. An operation added to the API without a row here fails
 * {@link #everyOperationOfTheApiHasARowInTheMatrix()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlMatrixTests extends IntegrationTest {

	/** In everything that is agent A's: their lead's name, their booking's notes, their task's title. */
	private static final String ALPHA = "Alpha";

	/** In everything that is agent B's. */
	private static final String BRAVO = "Bravo";

	private static final String GET = "GET", POST = "POST", PATCH = "PATCH", DELETE = "DELETE";

	private static final String PASSWORD = "agent-password-1";

	private static final String PAGE = "?page_size=200";

	// What a cell expects. Agent A and agent B are each other's "other agent".

	private static final Expect UNAUTHORIZED = status(401, "401 not signed in");

	private static final Expect ADMIN_ONLY = status(403, "403 admins only");

	private static final Expect HIDDEN = status(404, "404 hidden");

	private static final Expect OK = new Expect("2xx", (response, who) -> response.status() / 100 == 2);

	private static final Expect OWN_ONLY = new Expect("200 listing their own, not the other agent's",
			(response, who) -> response.status() == 200 && response.text().contains(who.own())
					&& !response.text().contains(who.others()));

	private static final Expect NOT_OTHERS = new Expect("200 without the other agent's",
			(response, who) -> response.status() == 200 && !response.text().contains(who.others()));

	private static final Expect NOT_SHOWN = new Expect("404, or 200 without the other agent's",
			(response, who) -> response.status() == 404
					|| response.status() == 200 && !response.text().contains(who.others()));

	private static final Expect EVERYONES = new Expect("200 listing both agents'",
			(response, who) -> response.status() == 200 && response.text().contains(ALPHA)
					&& response.text().contains(BRAVO));

	private static final Expect SHOWS_B = new Expect("200 listing agent B's",
			(response, who) -> response.status() == 200 && response.text().contains(BRAVO));

	/** A bulk change leaves out the leads the caller may not see, naming them as not found. */
	private static final Expect BULK_SKIPS = new Expect("200, nothing updated, the lead not found",
			(response, who) -> response.status() == 200 && response.json().get("updated").asInt() == 0
					&& response.json().get("not_found").size() == 1);

	private static final Expect BULK_APPLIES = new Expect("200, the lead updated",
			(response, who) -> response.status() == 200 && response.json().get("updated").asInt() == 1);

	/** The status page shows agents the connection's health but not the webhook's secrets. */
	private static final Expect OK_WITHOUT_SETTINGS = new Expect("200 without settings",
			(response, who) -> response.status() == 200 && response.json().get("settings").isNull());

	private static final Expect WRONG_CURRENT_PASSWORD = new Expect("400 naming current_password",
			(response, who) -> response.status() == 400 && response.text().contains("current_password"));

	private static final Expect OK_WITH_SETTINGS = new Expect("200 with settings",
			(response, who) -> response.status() == 200 && response.json().get("settings").isObject());

	private static final byte[] EMPTY_NOTIFICATION = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String BOUNDARY = "matrix-boundary";

	private static final byte[] UPLOAD = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
			+ "filename=\"itinerary.txt\"\r\nContent-Type: text/plain\r\n\r\nDay 1: Lisbon\r\n--" + BOUNDARY + "--\r\n")
		.getBytes(StandardCharsets.UTF_8);

	@Autowired
	WhatsAppSettings whatsApp;

	private @Nullable Agency agency;

	/**
	 * The matrix: one row per operation (a second row for a filter that needs checking of its own). Every
	 * role is pointed at agent B's object; anonymous callers carry a CSRF token, so their 401 is about
	 * signing in.
	 */
	private List<Row> matrix() {
		return List.of(
				// identity: signing in, the signed-in user, their tokens
				call(POST, "/api/auth/login", who -> who.fresh().post("/api/auth/login/", Map.of("email", who.email(), "password", who.password())),
						OK, OK, OK, OK).needingNoCsrfToken(),
				call(POST, "/api/auth/logout", who -> who.fresh().post("/api/auth/logout/", null),
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/auth/csrf", () -> "/api/auth/csrf/",
						OK, OK, OK, OK),
				row(GET, "/api/auth/me", () -> "/api/auth/me/",
						UNAUTHORIZED, OK, OK, OK),
				// A wrong current password: reaching the check proves access, and a change would end the actor's other sessions.
				call(POST, "/api/auth/password", who -> who.client().post("/api/auth/password/", Map.of("current_password", "not-" + who.password(), "new_password", "a fresh Passphrase for matrix 7")),
						UNAUTHORIZED, WRONG_CURRENT_PASSWORD, WRONG_CURRENT_PASSWORD, WRONG_CURRENT_PASSWORD),
				row(GET, "/api/auth/tokens", () -> "/api/auth/tokens/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/auth/tokens", () -> "/api/auth/tokens/", () -> Map.of("name", "matrix"),
						UNAUTHORIZED, OK, OK, OK),
				row(DELETE, "/api/auth/tokens/{id}", () -> "/api/auth/tokens/" + agency().freshTokenOfB() + "/",
						UNAUTHORIZED, HIDDEN, OK, HIDDEN),
				// identity: users and the audit log
				row(GET, "/api/users", () -> "/api/users/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/users", () -> "/api/users/", () -> agency().newUserBody(),
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/users/{id}", () -> "/api/users/" + agency().agentB + "/",
						UNAUTHORIZED, OK, OK, OK),
				row(PATCH, "/api/users/{id}", () -> "/api/users/" + agency().spareUser + "/", () -> Map.of("name", "Spare"),
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/audit-log", () -> "/api/audit-log/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				// leads
				row(GET, "/api/leads", () -> "/api/leads/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, EVERYONES),
				row(GET, "/api/leads", "?search=", () -> "/api/leads/" + PAGE + "&search=" + BRAVO,
						UNAUTHORIZED, NOT_OTHERS, OWN_ONLY, SHOWS_B),
				row(POST, "/api/leads", () -> "/api/leads/", () -> Map.of("name", "Matrix New", "source", "website"),
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/leads/{id}", () -> "/api/leads/" + agency().leadB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(PATCH, "/api/leads/{id}", () -> "/api/leads/" + agency().leadB + "/", () -> Map.of("destination", "Peru"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(DELETE, "/api/leads/{id}", () -> "/api/leads/" + agency().freshLeadOfB() + "/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(POST, "/api/leads/{id}/change-stage", () -> "/api/leads/" + agency().freshLeadOfB() + "/change-stage/", () -> Map.of("stage", "contacted"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(GET, "/api/leads/{id}/events", () -> "/api/leads/" + agency().leadB + "/events/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/leads/{id}/notes", () -> "/api/leads/" + agency().leadB + "/notes/", () -> Map.of("text", "Prefers mornings"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/leads/bulk", () -> "/api/leads/bulk/", () -> Map.of("ids", List.of(agency().freshLeadOfB()), "stage", "contacted"),
						UNAUTHORIZED, BULK_SKIPS, BULK_APPLIES, BULK_APPLIES),
				row(GET, "/api/leads/stages", () -> "/api/leads/stages/",
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/leads/sources", () -> "/api/leads/sources/",
						UNAUTHORIZED, OK, OK, OK),
				// trips and bookings
				row(GET, "/api/trips", () -> "/api/trips/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/trips", () -> "/api/trips/", () -> agency().newTripBody(),
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/trips/{id}", () -> "/api/trips/" + agency().trip + "/",
						UNAUTHORIZED, OK, OK, OK),
				row(PATCH, "/api/trips/{id}", () -> "/api/trips/" + agency().trip + "/", () -> Map.of("title", "Matrix Lisbon"),
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(DELETE, "/api/trips/{id}", () -> "/api/trips/" + agency().freshTrip() + "/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/trips/{id}/bookings", () -> "/api/trips/" + agency().trip + "/bookings/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, EVERYONES),
				row(GET, "/api/bookings", () -> "/api/bookings/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, EVERYONES),
				row(GET, "/api/bookings", "?lead=", () -> "/api/bookings/" + PAGE + "&lead=" + agency().leadB,
						UNAUTHORIZED, NOT_SHOWN, OWN_ONLY, SHOWS_B),
				row(POST, "/api/bookings", () -> "/api/bookings/", () -> Map.of("lead_id", agency().leadB, "trip_id", agency().trip, "travelers", 1, "notes", BRAVO + " extra"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(GET, "/api/bookings/revenue", () -> "/api/bookings/revenue/",
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/bookings/{id}", () -> "/api/bookings/" + agency().bookingB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(PATCH, "/api/bookings/{id}", () -> "/api/bookings/" + agency().bookingB + "/", () -> Map.of("notes", BRAVO + " booking, window seat"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/bookings/{id}/confirm", () -> "/api/bookings/" + agency().freshBookingOfB() + "/confirm/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/bookings/{id}/cancel", () -> "/api/bookings/" + agency().freshBookingOfB() + "/cancel/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				// tasks
				row(GET, "/api/tasks", () -> "/api/tasks/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, EVERYONES),
				row(GET, "/api/tasks", "?lead=", () -> "/api/tasks/" + PAGE + "&lead=" + agency().leadB,
						UNAUTHORIZED, NOT_SHOWN, OWN_ONLY, SHOWS_B),
				row(POST, "/api/tasks", () -> "/api/tasks/", () -> Map.of("title", BRAVO + " follow-up", "lead_id", agency().leadB, "assigned_to", agency().agentB),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(GET, "/api/tasks/{id}", () -> "/api/tasks/" + agency().taskB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(PATCH, "/api/tasks/{id}", () -> "/api/tasks/" + agency().taskB + "/", () -> Map.of("priority", "high"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/tasks/{id}/complete", () -> "/api/tasks/" + agency().freshTaskOfB() + "/complete/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(DELETE, "/api/tasks/{id}", () -> "/api/tasks/" + agency().freshTaskByB() + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				// an unassigned task on agent B's lead is agent B's through the lead
				row(GET, "/api/tasks/{id}", " (unassigned)", () -> "/api/tasks/" + agency().unassignedTaskB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(PATCH, "/api/tasks/{id}", " (unassigned)", () -> "/api/tasks/" + agency().unassignedTaskB + "/", () -> Map.of("priority", "high"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/tasks/{id}/complete", " (unassigned)", () -> "/api/tasks/" + agency().freshUnassignedTaskOfB() + "/complete/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(DELETE, "/api/tasks/{id}", " (unassigned)", () -> "/api/tasks/" + agency().freshUnassignedTaskByB() + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				// notifications: personal, so even admins do not see agent B's
				row(GET, "/api/notifications", () -> "/api/notifications/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, OK),
				row(GET, "/api/notifications/unread-count", () -> "/api/notifications/unread-count/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/notifications/{id}/read", () -> "/api/notifications/" + agency().notificationB + "/read/",
						UNAUTHORIZED, HIDDEN, OK, HIDDEN),
				row(POST, "/api/notifications/read-all", () -> "/api/notifications/read-all/",
						UNAUTHORIZED, OK, OK, OK),
				// WhatsApp: Meta's webhook proves itself by its signature or verify token, whoever sends it
				call(GET, "/api/whatsapp/webhook", who -> who.client().getAccepting("/api/whatsapp/webhook/?hub.mode=subscribe&hub.verify_token="
						+ URLEncoder.encode(whatsApp.verifyToken(), StandardCharsets.UTF_8) + "&hub.challenge=4242", "*/*"),
						OK, OK, OK, OK),
				call(POST, "/api/whatsapp/webhook", who -> who.client().postBytes("/api/whatsapp/webhook/", EMPTY_NOTIFICATION, Map.of("Content-Type", "application/json",
						"X-Hub-Signature-256", WebhookSignature.sign(EMPTY_NOTIFICATION, whatsApp.appSecret()))),
						OK, OK, OK, OK).needingNoCsrfToken(),
				row(POST, "/api/whatsapp/inbox/retry-dead", () -> "/api/whatsapp/inbox/retry-dead/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(POST, "/api/whatsapp/sandbox/messages", () -> "/api/whatsapp/sandbox/messages/", () -> Map.of("phone", Agency.PHONE_OPEN, "text", "Still there?"),
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/whatsapp/sandbox/customers", () -> "/api/whatsapp/sandbox/customers/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/whatsapp/send-message", () -> "/api/whatsapp/send-message/", () -> Map.of("lead_id", agency().leadB, "type", "text", "text", "On it!"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				call(GET, "/api/whatsapp/media/{mediaId}", who -> who.client().getAccepting("/api/whatsapp/media/" + agency().mediaB + "/", "*/*"),
						UNAUTHORIZED, HIDDEN, OK, OK),
				call(POST, "/api/whatsapp/media", who -> who.client().postBytes("/api/whatsapp/media/", UPLOAD, Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)),
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/whatsapp/templates", () -> "/api/whatsapp/templates/",
						UNAUTHORIZED, OK, OK, OK),
				row(POST, "/api/whatsapp/templates/sync", () -> "/api/whatsapp/templates/sync/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/whatsapp/conversations", () -> "/api/whatsapp/conversations/" + PAGE,
						UNAUTHORIZED, OWN_ONLY, OWN_ONLY, EVERYONES),
				row(GET, "/api/whatsapp/conversations/{leadId}", () -> "/api/whatsapp/conversations/" + agency().leadB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(GET, "/api/whatsapp/conversations/{leadId}/messages", () -> "/api/whatsapp/conversations/" + agency().leadB + "/messages/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/whatsapp/conversations/{leadId}/read", () -> "/api/whatsapp/conversations/" + agency().leadB + "/read/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(GET, "/api/whatsapp/status", () -> "/api/whatsapp/status/",
						UNAUTHORIZED, OK_WITHOUT_SETTINGS, OK_WITHOUT_SETTINGS, OK_WITH_SETTINGS),
				// analytics: agency-wide figures for everyone signed in; what needs attention per user
				row(GET, "/api/analytics/metrics", () -> "/api/analytics/metrics/",
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/analytics/charts/{chart}", () -> "/api/analytics/charts/leaderboard/",
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/analytics/dashboard", () -> "/api/analytics/dashboard/",
						UNAUTHORIZED, OK, OK, OK),
				row(GET, "/api/analytics/verify", () -> "/api/analytics/verify/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(POST, "/api/analytics/rebuild", () -> "/api/analytics/rebuild/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK),
				row(GET, "/api/insights", () -> "/api/insights/",
						UNAUTHORIZED, NOT_OTHERS, NOT_OTHERS, OK),
				row(GET, "/api/insights/scores/{lead_id}", () -> "/api/insights/scores/" + agency().leadB + "/",
						UNAUTHORIZED, HIDDEN, OK, OK),
				row(POST, "/api/insights/scores/retrain", () -> "/api/insights/scores/retrain/",
						UNAUTHORIZED, ADMIN_ONLY, ADMIN_ONLY, OK));
	}

	@Test
	void everyOperationOfTheApiHasARowInTheMatrix() {
		JsonNode paths = anonymous().get("/v3/api-docs").json().get("paths");
		Set<String> documented = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				documented.add(operation.getKey().toUpperCase() + " " + path.getKey());
			}
		}
		Set<String> inMatrix = new TreeSet<>(matrix().stream().map(Row::operation).toList());

		assertThat(documented).as("operations of /v3/api-docs").hasSizeGreaterThan(50);
		assertThat(difference(documented, inMatrix)).as("operations without a row in the access matrix").isEmpty();
		assertThat(difference(inMatrix, documented)).as("rows for operations the API no longer has").isEmpty();
	}

	@Test
	void everyRoleGetsWhatTheMatrixSays() {
		Agency agency = agency();
		List<Row> matrix = matrix();
		List<Actor> actors = List.of(agency.anonymous, agency.agentASession, agency.agentAToken, agency.agentBSession,
				agency.agentBToken, agency.adminSession);
		List<Actor> withoutCsrf = List.of(agency.agentBWithoutCsrf, agency.adminWithoutCsrf);
		List<String> failures = new ArrayList<>();
		int cells = 0;
		for (Row row : matrix) {
			for (Actor who : actors) {
				cells++;
				check(row, who, row.expected(who.column()), failures);
			}
			if (!row.method().equals(GET) && !row.csrfExempt()) {
				for (Actor who : withoutCsrf) {
					cells++;
					check(row, who, status(403, "403 missing CSRF token"), failures);
				}
			}
		}
		long operations = matrix.stream().map(Row::operation).distinct().count();
		System.out.printf("access matrix: %d operations x 4 roles, %d cells checked, %d failed%n", operations, cells,
				failures.size());
		failures.forEach(failure -> System.out.println("access matrix failure: " + failure));

		assertThat(failures).as("cells of the access matrix that do not hold").isEmpty();
	}

	@Test
	void anAnonymousSocketIsRefused() {
		Throwable refusal = LiveClient.refused(anonymous());

		assertThat(refusal).isInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) refusal).getResponse().statusCode()).isEqualTo(401);
	}

	@Test
	void agentAHearsNothingLiveAboutAgentBsLead() {
		Agency agency = agency();
		ApiClient admin = agency.adminSession.client();
		try (LiveClient a = LiveClient.connect(agency.agentASession.client(), null);
				LiveClient b = LiveClient.connect(agency.agentBSession.client(), null)) {
			a.awaitType("hello");
			b.awaitType("hello");

			long lead = agency.freshLeadOfB(Agency.PHONE_B_LIVE);
			b.await(about("lead_created", lead), Duration.ofSeconds(5));
			admin.patch("/api/leads/" + lead + "/", Map.of("destination", "Patagonia"));
			b.await(about("lead_updated", lead), Duration.ofSeconds(5));
			admin.post("/api/leads/" + lead + "/change-stage/", Map.of("stage", "qualified"));
			b.await(about("lead_stage_changed", lead), Duration.ofSeconds(5));
			agency.customerWrites(Agency.PHONE_B_LIVE, BRAVO + " Live", "Any news on Patagonia?");
			b.await(about("message_received", lead), Duration.ofSeconds(10));
			created(admin.post("/api/tasks/", Map.of("title", "Call " + BRAVO + " Live", "lead_id", lead, "assigned_to",
					agency.agentB)));
			b.await(about("task_created", lead), Duration.ofSeconds(5));
			Map<String, Object> unassignedTask = new HashMap<>(Map.of("title", "Anyone call " + BRAVO + " Live", "lead_id",
					lead));
			unassignedTask.put("assigned_to", null);
			created(admin.post("/api/tasks/", unassignedTask));
			b.await(about("task_created", lead), Duration.ofSeconds(5));
			long booking = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", agency.trip,
					"travelers", 2)));
			admin.post("/api/bookings/" + booking + "/confirm/", null);
			b.await(about("booking_confirmed", lead), Duration.ofSeconds(5));

			// The feed is in order: once agent A hears of a later lead, they heard all they were going to.
			long later = created(admin.post("/api/leads/", Map.of("name", "Open Later", "source", "website")));
			List<JsonNode> heard = new ArrayList<>();
			a.await(message -> heard.add(message) && about("lead_created", later).test(message), Duration.ofSeconds(5));
			heard.addAll(a.collect(Duration.ofMillis(500)));

			assertThat(heard).noneMatch(message -> message.path("lead_id").asLong() == lead
					|| message.toString().contains(BRAVO));
		}
	}

	private static void check(Row row, Actor who, Expect expected, List<String> failures) {
		String cell = row.operation() + row.variant() + " as " + who.label();
		try {
			ApiResponse response = row.call().send(who);
			if (!expected.met().test(response, who)) {
				failures.add(cell + ": expected " + expected.description() + ", got " + response.status() + " "
						+ abbreviated(response.text()));
			}
		}
		catch (RuntimeException ex) {
			failures.add(cell + ": expected " + expected.description() + ", failed with " + ex);
		}
	}

	private static String abbreviated(String text) {
		String oneLine = text.replaceAll("\\s+", " ");
		return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
	}

	private static Set<String> difference(Set<String> all, Set<String> minus) {
		Set<String> rest = new TreeSet<>(all);
		rest.removeAll(minus);
		return rest;
	}

	private static Expect status(int status, String description) {
		return new Expect(description, (response, who) -> response.status() == status);
	}

	private static long created(ApiResponse response) {
		assertThat(response.status()).as(response.text()).isIn(200, 201);
		return response.json().get("id").asLong();
	}

	private Row row(String method, String operation, Supplier<String> url, Expect anonymous, Expect agentA,
			Expect agentB, Expect admin) {
		return row(method, operation, "", url, () -> null, anonymous, agentA, agentB, admin);
	}

	private Row row(String method, String operation, String variant, Supplier<String> url, Expect anonymous,
			Expect agentA, Expect agentB, Expect admin) {
		return row(method, operation, variant, url, () -> null, anonymous, agentA, agentB, admin);
	}

	private Row row(String method, String operation, Supplier<String> url, Supplier<@Nullable Object> body,
			Expect anonymous, Expect agentA, Expect agentB, Expect admin) {
		return row(method, operation, "", url, body, anonymous, agentA, agentB, admin);
	}

	private Row row(String method, String operation, String variant, Supplier<String> url,
			Supplier<@Nullable Object> body, Expect anonymous, Expect agentA, Expect agentB, Expect admin) {
		return new Row(method, operation, variant, who -> who.client().send(method, url.get(), body.get(), null),
				anonymous, agentA, agentB, admin, false);
	}

	private Row call(String method, String operation, Call call, Expect anonymous, Expect agentA, Expect agentB,
			Expect admin) {
		return new Row(method, operation, "", call, anonymous, agentA, agentB, admin, false);
	}

	private synchronized Agency agency() {
		if (agency == null) {
			agency = new Agency();
		}
		return agency;
	}

	private enum Column {

		ANONYMOUS, AGENT_A, AGENT_B, ADMIN

	}

	@FunctionalInterface
	private interface Call {

		ApiResponse send(Actor who);

	}

	private record Expect(String description, BiPredicate<ApiResponse, Actor> met) {
	}

	private record Row(String method, String path, String variant, Call call, Expect anonymous, Expect agentA,
			Expect agentB, Expect admin, boolean csrfExempt) {

		String operation() {
			return method + " " + path;
		}

		Expect expected(Column column) {
			return switch (column) {
				case ANONYMOUS -> anonymous;
				case AGENT_A -> agentA;
				case AGENT_B -> agentB;
				case ADMIN -> admin;
			};
		}

		/** Refused without a CSRF token: no. Sign-in needs none, and Meta's webhook signs instead. */
		Row needingNoCsrfToken() {
			return new Row(method, path, variant, call, anonymous, agentA, agentB, admin, true);
		}

	}

	/**
	 * Someone calling: the client they call with, how to get a new one (for calls that end a session), whose
	 * records are theirs and whose the other agent's.
	 */
	private record Actor(String label, Column column, ApiClient client, Supplier<ApiClient> newClient, String email,
			String password, String own, String others) {

		ApiClient fresh() {
			return newClient.get();
		}

	}

	/**
	 * The agency the matrix runs against: an admin, agents A and B and a spare user; a trip; a lead assigned
	 * to A, one to B and one unassigned, each with a booking on the trip, a task (assigned with the lead), a
	 * WhatsApp conversation with a photo; an unassigned task on each lead; a notification for each agent.
	 */
	private final class Agency {

		static final String PHONE_A = "+1 312 555 0101";

		static final String PHONE_B = "+1 312 555 0102";

		static final String PHONE_OPEN = "+1 312 555 0103";

		static final String PHONE_B_LIVE = "+1 312 555 0104";

		/** A user nobody signs in as but anonymous callers, to show that signing in is open. */
		static final String SPARE_EMAIL = "spare@test.local";

		private final AtomicInteger sequence = new AtomicInteger();

		final ApiClient admin = admin();

		final ApiClient agentBClient;

		final long agentA;

		final long agentB;

		final long spareUser;

		final long trip;

		final long leadA;

		final long leadB;

		final long leadOpen;

		final long bookingB;

		final long taskB;

		/** Agent B's through their lead alone: nobody is assigned to it. */
		final long unassignedTaskB;

		final String mediaB;

		final long notificationB;

		final Actor anonymous;

		final Actor agentASession;

		final Actor agentAToken;

		final Actor agentBSession;

		final Actor agentBToken;

		final Actor adminSession;

		final Actor agentBWithoutCsrf;

		final Actor adminWithoutCsrf;

		Agency() {
			ApiClient agentAClient = newAgent("alex@test.local");
			this.agentBClient = newAgent("bea@test.local");
			this.agentA = userId(agentAClient);
			this.agentB = userId(agentBClient);
			this.spareUser = created(admin.post("/api/users/", userBody(SPARE_EMAIL)));
			this.trip = created(admin.post("/api/trips/", newTripBody()));

			this.leadA = lead("Alba " + ALPHA, PHONE_A, agentA);
			this.leadB = lead("Beto " + BRAVO, PHONE_B, agentB);
			this.leadOpen = lead("Carla Charlie", PHONE_OPEN, null);
			for (long lead : List.of(leadA, leadB, leadOpen)) {
				created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1, "notes",
						notes(lead) + " booking")));
				created(admin.post("/api/tasks/", task(lead)));
				created(admin.post("/api/tasks/", unassignedTask(lead)));
			}
			this.bookingB = created(admin.post("/api/bookings/", Map.of("lead_id", leadB, "trip_id", trip, "travelers",
					2, "notes", BRAVO + " booking")));
			this.taskB = created(admin.post("/api/tasks/", task(leadB)));
			this.unassignedTaskB = created(admin.post("/api/tasks/", unassignedTask(leadB)));
			customerWrites(PHONE_A, "Alba " + ALPHA, "Is April possible?");
			customerWrites(PHONE_B, "Beto " + BRAVO, "Is May possible?");
			customerWrites(PHONE_OPEN, "Carla Charlie", "Is June possible?");
			photo(PHONE_A, leadA);
			this.mediaB = photo(PHONE_B, leadB);
			photo(PHONE_OPEN, leadOpen);
			awaitNotification(agentAClient, "task_assigned");
			this.notificationB = awaitNotification(agentBClient, "task_assigned").get("id").asLong();

			String tokenA = agentAClient.post("/api/auth/tokens/", Map.of("name", "matrix")).json().get("secret").asString();
			String tokenB = agentBClient.post("/api/auth/tokens/", Map.of("name", "matrix")).json().get("secret").asString();
			this.anonymous = new Actor("anonymous", Column.ANONYMOUS, anonymousWithCsrfToken(),
					this::anonymousWithCsrfToken, SPARE_EMAIL, PASSWORD, "", "");
			this.agentASession = sessionActor("agent A (session)", Column.AGENT_A, agentAClient, "alex@test.local", ALPHA,
					BRAVO, false);
			this.agentAToken = tokenActor("agent A (API token)", Column.AGENT_A, tokenA, "alex@test.local", ALPHA, BRAVO);
			this.agentBSession = sessionActor("agent B (session)", Column.AGENT_B, agentBClient, "bea@test.local", BRAVO,
					ALPHA, false);
			this.agentBToken = tokenActor("agent B (API token)", Column.AGENT_B, tokenB, "bea@test.local", BRAVO, ALPHA);
			this.adminSession = sessionActor("admin (session)", Column.ADMIN, admin, ADMIN_EMAIL, "", "", false);
			this.agentBWithoutCsrf = sessionActor("agent B (session, no CSRF token)", Column.AGENT_B,
					new ApiClient(port).login("bea@test.local", PASSWORD).withoutCsrfHeader(), "bea@test.local", BRAVO,
					ALPHA, true);
			this.adminWithoutCsrf = sessionActor("admin (session, no CSRF token)", Column.ADMIN,
					admin().withoutCsrfHeader(), ADMIN_EMAIL, "", "", true);
		}

		private Actor sessionActor(String label, Column column, ApiClient client, String email, String own,
				String others, boolean withoutCsrf) {
			String password = email.equals(ADMIN_EMAIL) ? ADMIN_PASSWORD : PASSWORD;
			Supplier<ApiClient> fresh = () -> {
				ApiClient signedIn = new ApiClient(port).login(email, password);
				return withoutCsrf ? signedIn.withoutCsrfHeader() : signedIn;
			};
			return new Actor(label, column, client, fresh, email, password, own, others);
		}

		/** Tokens need no CSRF token: these clients never send one. */
		private Actor tokenActor(String label, Column column, String token, String email, String own, String others) {
			Supplier<ApiClient> fresh = () -> new ApiClient(port).withToken(token).withoutCsrfHeader();
			return new Actor(label, column, fresh.get(), fresh, email, PASSWORD, own, others);
		}

		private ApiClient anonymousWithCsrfToken() {
			ApiClient client = new ApiClient(port);
			client.get("/api/auth/csrf/");
			return client;
		}

		private String notes(long lead) {
			return lead == leadA ? ALPHA : lead == leadB ? BRAVO : "Charlie";
		}

		private Map<String, Object> task(long lead) {
			Map<String, Object> task = new HashMap<>();
			task.put("title", "Call " + notes(lead) + " " + sequence.incrementAndGet());
			task.put("lead_id", lead);
			task.put("due_at", Instant.now().plus(2, ChronoUnit.DAYS).toString());
			task.put("assigned_to", lead == leadA ? Long.valueOf(agentA) : lead == leadB ? Long.valueOf(agentB) : null);
			return task;
		}

		/** A task on the lead that nobody is assigned to: whoever may see the lead sees it. */
		private Map<String, Object> unassignedTask(long lead) {
			Map<String, Object> task = task(lead);
			task.put("assigned_to", null);
			task.put("description", notes(lead) + " asked for a window seat");
			return task;
		}

		private long lead(String name, @Nullable String phone, @Nullable Long assignee) {
			Map<String, Object> body = new HashMap<>();
			body.put("name", name);
			body.put("source", "website");
			body.put("assigned_to", assignee);
			if (phone != null) {
				body.put("phone", phone);
			}
			return created(admin.post("/api/leads/", body));
		}

		void customerWrites(String phone, String name, String text) {
			var sent = admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", phone, "name", name, "text", text));
			assertThat(sent.status()).as(sent.text()).isEqualTo(202);
		}

		/** The customer sends a photo; returns its media id once it is in the lead's conversation. */
		private String photo(String phone, long lead) {
			var sent = admin.post("/api/whatsapp/sandbox/messages/", Map.of("phone", phone, "type", "image", "text",
					notes(lead) + " hotel view"));
			assertThat(sent.status()).as(sent.text()).isEqualTo(202);
			String[] mediaId = new String[1];
			Eventually.await(() -> {
				var messages = admin.get("/api/whatsapp/conversations/" + lead + "/messages/");
				if (messages.status() != 200) {
					return false;
				}
				for (JsonNode message : messages.json().get("results")) {
					if (message.path("type").asString("").equals("image")) {
						mediaId[0] = message.get("media_id").asString();
						return true;
					}
				}
				return false;
			}, "the photo in lead " + lead + "'s conversation");
			return mediaId[0];
		}

		Map<String, Object> newUserBody() {
			return userBody("user" + sequence.incrementAndGet() + "@test.local");
		}

		private Map<String, Object> userBody(String email) {
			return Map.of("email", email, "name", email.substring(0, email.indexOf('@')), "password", PASSWORD, "role",
					"AGENT");
		}

		Map<String, Object> newTripBody() {
			Map<String, Object> trip = new HashMap<>();
			trip.put("code", "MATRIX-" + sequence.incrementAndGet());
			trip.put("title", "Matrix Lisbon");
			trip.put("destination", "Lisbon, Portugal");
			trip.put("start_date", LocalDate.now().plusDays(60).toString());
			trip.put("end_date", LocalDate.now().plusDays(66).toString());
			trip.put("price", "1200.00");
			trip.put("currency", "EUR");
			trip.put("capacity", 500);
			return trip;
		}

		long freshLeadOfB() {
			return lead(BRAVO + " Fresh " + sequence.incrementAndGet(), null, agentB);
		}

		long freshLeadOfB(String phone) {
			return lead(BRAVO + " Live", phone, agentB);
		}

		/** On a lead of its own: confirming one wins its lead. */
		long freshBookingOfB() {
			return created(admin.post("/api/bookings/", Map.of("lead_id", freshLeadOfB(), "trip_id", trip, "travelers",
					1, "notes", BRAVO + " booking")));
		}

		long freshTaskOfB() {
			return created(admin.post("/api/tasks/", task(leadB)));
		}

		/** Created by agent B, who may delete it. */
		long freshTaskByB() {
			return created(agentBClient.post("/api/tasks/", task(leadB)));
		}

		long freshUnassignedTaskOfB() {
			return created(admin.post("/api/tasks/", unassignedTask(leadB)));
		}

		/** Created by agent B, who may delete it. */
		long freshUnassignedTaskByB() {
			return created(agentBClient.post("/api/tasks/", unassignedTask(leadB)));
		}

		long freshTokenOfB() {
			var created = agentBClient.post("/api/auth/tokens/", Map.of("name", "throwaway"));
			assertThat(created.status()).as(created.text()).isEqualTo(201);
			return created.json().get("token").get("id").asLong();
		}

		long freshTrip() {
			return created(admin.post("/api/trips/", newTripBody()));
		}

	}

}
