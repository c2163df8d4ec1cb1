package io.tripdesk.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Meta's Graph API as a MockWebServer dispatcher that misbehaves to a {@link Plan}: each send
 * ({@code POST …/messages}) gets the {@link Answer} the plan picks, and is logged as an {@link Exchange}
 * with the message it carried (our {@code biz_opaque_callback_data}), the recipient, when it arrived and
 * the wamid the fake issued, if it took the message. Other requests (phone number health, templates) get
 * a healthy answer.
 */
public final class FaultyGraphApi extends Dispatcher {

	/** How the fake answers a send: Meta's HTTP status and error code, and whether it took the message. */
	public enum Answer {

		/** 200 with a wamid. */
		ACCEPTED(200, null, true),
		/** 200 with a wamid, after added latency well inside the client's timeout. */
		LATENCY(200, null, true),
		/** The fake takes the message but answers only after the client's timeout. */
		TIMEOUT(200, null, true),
		/** The connection is closed once the request is read, before any answer: the fake did not take it. */
		RESET(0, null, false),
		/** 200 and half the body, then the connection is closed. */
		CUT_BODY(200, null, true),
		/** 200 with a body that is not JSON (cut short, but complete as HTTP goes). */
		MALFORMED(200, null, true),
		/** 200 with JSON but no wamid. */
		NO_WAMID(200, null, true),
		SERVER_ERROR(500, 131000, false),
		UNAVAILABLE(503, 2, false),
		/** A proxy's HTML error page: no JSON at all. */
		BAD_GATEWAY(502, null, false),
		THROUGHPUT(400, 130429, false),
		PAIR_RATE(400, 131056, false),
		WINDOW_CLOSED(400, 131047, false),
		INVALID_PARAMETER(400, 100, false),
		UNDELIVERABLE(400, 131026, false),
		TOKEN_EXPIRED(401, 190, false);

		private final int status;

		private final @Nullable Integer code;

		private final boolean takesMessage;

		Answer(int status, @Nullable Integer code, boolean takesMessage) {
			this.status = status;
			this.code = code;
			this.takesMessage = takesMessage;
		}

		public int status() {
			return status;
		}

		/** Meta's error code in the answer, if it has one. */
		public @Nullable Integer code() {
			return code;
		}

		/** Whether the fake took the message (issued a wamid), whatever the client made of the answer. */
		public boolean takesMessage() {
			return takesMessage;
		}

	}

	/** Picks the answer to the {@code sequence}-th send (from 0), arriving at {@code nanoTime}. */
	@FunctionalInterface
	public interface Plan {

		Answer answer(int sequence, long nanoTime);

	}

	/** One send as the fake saw it. */
	public record Exchange(int sequence, String message, String recipient, Answer answer, long arrivedNanos,
			@Nullable String wamid) {
	}

	private final Plan plan;

	private final Duration latency;

	private final Duration beyondTimeout;

	private final AtomicInteger sequence = new AtomicInteger();

	private final List<Exchange> exchanges = new ArrayList<>();

	/**
	 * @param latency the most a {@link Answer#LATENCY} answer is held back (each between a tenth and all of it)
	 * @param beyondTimeout how long a {@link Answer#TIMEOUT} answer is held back: longer than the client waits
	 */
	public FaultyGraphApi(Plan plan, Duration latency, Duration beyondTimeout) {
		this.plan = plan;
		this.latency = latency;
		this.beyondTimeout = beyondTimeout;
	}

	/** The sends so far, in the order they arrived. */
	public synchronized List<Exchange> exchanges() {
		return List.copyOf(exchanges);
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		long arrived = System.nanoTime();
		if (!"POST".equals(request.getMethod()) || !request.getPath().endsWith("/messages")) {
			return json(200, "{\"data\":[],\"display_phone_number\":\"15550001234\",\"status\":\"CONNECTED\","
					+ "\"quality_rating\":\"GREEN\"}");
		}
		JsonNode body = ApiClient.json().readTree(request.getBody().readUtf8());
		Answer answer;
		Exchange exchange;
		synchronized (this) {
			int number = sequence.getAndIncrement();
			answer = plan.answer(number, arrived);
			String wamid = answer.takesMessage() ? "wamid.fake-" + number : null;
			exchange = new Exchange(number, body.path("biz_opaque_callback_data").asString(""),
					body.path("to").asString(""), answer, arrived, wamid);
			exchanges.add(exchange);
		}
		return response(answer, exchange);
	}

	private MockResponse response(Answer answer, Exchange exchange) {
		String accepted = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + exchange.recipient()
				+ "\",\"wa_id\":\"" + exchange.recipient().replace("+", "") + "\"}],\"messages\":[{\"id\":\""
				+ exchange.wamid() + "\"}]}";
		return switch (answer) {
			case ACCEPTED -> json(200, accepted);
			case LATENCY -> json(200, accepted).setHeadersDelay(
					latency.toMillis() / 10 + (exchange.sequence() * 7919L) % (latency.toMillis() * 9 / 10 + 1),
					TimeUnit.MILLISECONDS);
			case TIMEOUT -> json(200, accepted).setHeadersDelay(beyondTimeout.toMillis(), TimeUnit.MILLISECONDS);
			case RESET -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
			case CUT_BODY -> json(200, accepted).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
			case MALFORMED -> json(200, accepted.substring(0, accepted.length() / 2));
			case NO_WAMID -> json(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[]}");
			case BAD_GATEWAY -> new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
				.setBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
			case TOKEN_EXPIRED -> json(401, "{\"error\":{\"message\":\"Error validating access token: Session has expired.\","
					+ "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"Fake\"}}");
			default -> json(answer.status(), "{\"error\":{\"message\":\"(#" + answer.code() + ") " + answer.name()
					+ "\",\"type\":\"OAuthException\",\"code\":" + answer.code()
					+ ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + answer.name().toLowerCase()
					+ " (fake)\"},\"fbtrace_id\":\"Fake\"}}");
		};
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
	}

}
