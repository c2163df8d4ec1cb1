package io.tripdesk.notifications.internal;

import java.util.Map;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;

/**
 * One message of the live feed, with who may receive it. A personal event (a notification, an unread
 * count) goes only to the users it has a message for, each their own. Any other goes to admins, the
 * assignee of what it is about and its previous assignee, or everyone when nobody is assigned (an
 * unassigned lead is everyone's to pick up).
 *
 * @param cursor its position in the feed ({@code xid-id}), which clients send back as {@code last_event_id}
 * @param message the JSON the socket sends: {@code {type, id, at, ...payload}}, the envelope's fields
 * winning over a payload field of the same name; {@code null} for a personal event
 * @param assignedTo the assignee of what it is about: of the lead, for news about a lead or a task on one
 * @param previousAssignee one more user it goes to: the lead's previous assignee, or the assignee of a task on
 * the lead
 * @param personalMessages a personal event's message for each of its recipients, by user id; empty otherwise
 */
record LiveEvent(FeedCursor cursor, @Nullable String message, @Nullable Long leadId, @Nullable Long assignedTo,
		@Nullable Long previousAssignee, Map<Long, String> personalMessages) {

	LiveEvent {
		personalMessages = Map.copyOf(personalMessages);
	}

	/** What {@code user}'s socket is sent, or {@code null} when this event is not for them. */
	@Nullable String messageFor(CurrentUser user) {
		if (message == null) {
			return user.id() == null ? null : personalMessages.get(user.id());
		}
		boolean visible = user.isAdmin() || assignedTo == null || assignedTo.equals(user.id())
				|| (previousAssignee != null && previousAssignee.equals(user.id()));
		return visible ? message : null;
	}

}
