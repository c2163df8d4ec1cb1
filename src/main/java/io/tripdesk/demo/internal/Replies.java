package io.tripdesk.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tripdesk.demo.internal.Conversation.Message;
import org.jspecify.annotations.Nullable;

/**
 * What a conversation leaves on its lead, worked out the way the leads module records it message by
 * message: an inbound one when it arrives, an outbound one when Meta accepted it.
 *
 * @param firstResponse the first reply by a person (automated messages do not count)
 * @param awaitingSince the customer's first message since the last reply by a person, if unanswered
 * @param alertedAt when the reply watch raised the alert for that wait (it has, once it ran past the target)
 */
record Replies(@Nullable Instant lastInbound, @Nullable Instant lastOutbound, @Nullable Instant firstResponse,
		@Nullable Instant awaitingSince, @Nullable Instant alertedAt) {

	private static Instant noLaterThan(Instant at, Instant now) {
		return at.isAfter(now) ? now : at;
	}

	static Replies of(List<Message> chat, Instant now, Duration responseTarget) {
		Instant lastInbound = null;
		Instant lastOutbound = null;
		Instant firstResponse = null;
		Instant awaiting = null;
		for (Message message : chat) {
			if (message.inbound) {
				lastInbound = message.at;
				if (awaiting == null && (lastOutbound == null || lastOutbound.isBefore(message.at))) {
					awaiting = message.at;
				}
				continue;
			}
			Instant accepted = message.sentAt == null ? message.at : message.sentAt;
			lastOutbound = accepted;
			if (message.byPerson) {
				if (firstResponse == null && lastInbound != null) {
					firstResponse = accepted;
				}
				if (awaiting != null && !awaiting.isAfter(accepted)) {
					awaiting = null;
				}
			}
		}
		// The watch looks every half minute.
		Instant alerted = awaiting == null || awaiting.plus(responseTarget).isAfter(now) ? null
				: noLaterThan(awaiting.plus(responseTarget).plusSeconds(15), now);
		return new Replies(lastInbound, lastOutbound, firstResponse, awaiting, alerted);
	}

}
