package io.tripdesk.notifications.internal;

import io.tripdesk.identity.CurrentUser;
import org.jspecify.annotations.Nullable;

/**
 * One message of the live feed, with who may receive it: only {@code recipientId} when set; otherwise
 * admins, the assignee of what it is about and its previous assignee, or everyone when nobody is
 * assigned (an unassigned lead is everyone's to pick up).
 *
 * @param cursor its position in the feed ({@code xid-id}), which clients send back as {@code last_event_id}
 * @param message the JSON the socket sends: {@code {type, id, at, ...payload}}, the envelope's fields
 * winning over a payload field of the same name
 */
record LiveEvent(FeedCursor cursor, String message, @Nullable Long leadId, @Nullable Long assignedTo,
		@Nullable Long previousAssignee, @Nullable Long recipientId) {

	boolean visibleTo(CurrentUser user) {
		if (recipientId != null) {
			return recipientId.equals(user.id());
		}
		return user.isAdmin() || assignedTo == null || assignedTo.equals(user.id())
				|| (previousAssignee != null && previousAssignee.equals(user.id()));
	}

}
