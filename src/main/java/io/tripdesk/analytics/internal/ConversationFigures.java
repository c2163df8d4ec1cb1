package io.tripdesk.analytics.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A lead's WhatsApp engagement, computed from all its messages in order (time, then id), so that the result
 * does not depend on the order the events arrived in:
 * <ul>
 * <li>conversations: the customer's first message opens one, and so does a customer's message after 24 hours
 * without any message either way (WhatsApp's service window); the first later reply by a person (not an
 * automation or an automated template) answers it, and its response time is counted in a fine bucket;</li>
 * <li>first contact: the agency's first message to the lead, and whether the customer wrote after it;</li>
 * <li>outbound messages that were delivered (or read), and those read.</li>
 * </ul>
 * Each figure is a metric of the activity rollups, on the day (agency time zone) of the opening, the first
 * contact or the message.
 */
final class ConversationFigures {

	static final String PREFIX = "wa_";

	static final String CONVERSATIONS = "wa_conversations";

	static final String WITHIN_TARGET = "wa_response_within_target";

	static final String FIRST_CONTACTED = "wa_first_contacted";

	static final String REPLIED_AFTER_CONTACT = "wa_replied_after_contact";

	static final String OUT_DELIVERED = "wa_out_delivered";

	static final String OUT_READ = "wa_out_read";

	record Message(long id, Instant at, boolean inbound, boolean byPerson, boolean delivered, boolean read) {
	}

	record Cycle(Instant openedAt, @Nullable Instant repliedAt, @Nullable Long responseSeconds) {
	}

	record DayMetric(LocalDate day, String metric) implements Comparable<DayMetric> {

		@Override
		public int compareTo(DayMetric other) {
			int byDay = day.compareTo(other.day);
			return byDay != 0 ? byDay : metric.compareTo(other.metric);
		}

	}

	private final List<Cycle> cycles;

	private final Map<DayMetric, Long> amounts;

	private ConversationFigures(List<Cycle> cycles, Map<DayMetric, Long> amounts) {
		this.cycles = cycles;
		this.amounts = amounts;
	}

	List<Cycle> cycles() {
		return cycles;
	}

	/** Non-zero amounts by day and metric. */
	Map<DayMetric, Long> amounts() {
		return amounts;
	}

	/** @param messages the lead's messages ordered by time, then id */
	static ConversationFigures of(List<Message> messages, ResponseTimes times) {
		List<Cycle> cycles = new ArrayList<>();
		Map<DayMetric, Long> amounts = new TreeMap<>();
		Instant lastMessageAt = null;
		Instant openedAt = null;
		Instant repliedAt = null;
		Message firstOut = null;
		boolean customerWrote = false;
		boolean repliedAfterContact = false;
		for (Message message : messages) {
			if (message.inbound()) {
				boolean reopens = lastMessageAt != null
						&& !message.at().isBefore(lastMessageAt.plus(ResponseTimes.SERVICE_WINDOW));
				if (!customerWrote || reopens) {
					if (openedAt != null) {
						cycles.add(cycle(openedAt, repliedAt, times));
					}
					openedAt = message.at();
					repliedAt = null;
				}
				customerWrote = true;
				repliedAfterContact |= firstOut != null;
			}
			else {
				if (firstOut == null) {
					firstOut = message;
				}
				if (message.byPerson() && openedAt != null && repliedAt == null) {
					repliedAt = message.at();
				}
				LocalDate day = LocalDate.ofInstant(message.at(), times.zone());
				add(amounts, day, OUT_DELIVERED, message.delivered() ? 1 : 0);
				add(amounts, day, OUT_READ, message.read() ? 1 : 0);
			}
			lastMessageAt = message.at();
		}
		if (openedAt != null) {
			cycles.add(cycle(openedAt, repliedAt, times));
		}
		for (Cycle cycle : cycles) {
			LocalDate day = LocalDate.ofInstant(cycle.openedAt(), times.zone());
			add(amounts, day, CONVERSATIONS, 1);
			if (cycle.responseSeconds() != null) {
				add(amounts, day, ResponseTimes.bucketMetric(ResponseTimes.bucket(cycle.responseSeconds())), 1);
				add(amounts, day, WITHIN_TARGET, cycle.responseSeconds() <= times.targetSeconds() ? 1 : 0);
			}
		}
		if (firstOut != null) {
			LocalDate day = LocalDate.ofInstant(firstOut.at(), times.zone());
			add(amounts, day, FIRST_CONTACTED, 1);
			add(amounts, day, REPLIED_AFTER_CONTACT, repliedAfterContact ? 1 : 0);
		}
		return new ConversationFigures(cycles, amounts);
	}

	private static Cycle cycle(Instant openedAt, @Nullable Instant repliedAt, ResponseTimes times) {
		return new Cycle(openedAt, repliedAt, repliedAt == null ? null : times.seconds(openedAt, repliedAt));
	}

	private static void add(Map<DayMetric, Long> amounts, LocalDate day, String metric, long amount) {
		if (amount != 0) {
			amounts.merge(new DayMetric(day, metric), amount, Long::sum);
		}
	}

}
