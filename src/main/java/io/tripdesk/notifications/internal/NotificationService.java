package io.tripdesk.notifications.internal;

import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Creates notifications (once per user and cause), lists them and marks them read, live on every tab. */
@Service
class NotificationService {

	private final NotificationRepository notifications;

	private final LiveEventStore live;

	private final JsonMapper json;

	NotificationService(NotificationRepository notifications, LiveEventStore live, JsonMapper json) {
		this.notifications = notifications;
		this.live = live;
		this.json = json;
	}

	/** Notifies one user; a second call with the same {@code cause} for that user changes nothing. */
	@Transactional
	Optional<NotificationView> notify(long userId, String type, String title, @Nullable String body,
			@Nullable String link, @Nullable Long leadId, @Nullable Long taskId, String cause) {
		Optional<NotificationView> created = notifications.insert(userId, type, title, body, link, leadId, taskId,
				cause);
		created.ifPresent(notification -> {
			ObjectNode payload = json.createObjectNode();
			payload.set("notification", json.valueToTree(notification));
			payload.put("unread_count", notifications.countByUser(userId, true));
			live.append("notification_created:" + notification.id(), "notification_created", payload, null, null,
					null, userId);
		});
		return created;
	}

	PageResponse<NotificationView> list(CurrentUser user, boolean unreadOnly, PageQuery page) {
		long userId = user.requireId();
		return PageResponse.of(notifications.findByUser(userId, unreadOnly, page.pageSize(), page.offset()),
				notifications.countByUser(userId, unreadOnly), page);
	}

	long unreadCount(CurrentUser user) {
		return notifications.countByUser(user.requireId(), true);
	}

	@Transactional
	NotificationView markRead(CurrentUser user, long id) {
		long userId = user.requireId();
		if (notifications.markRead(userId, id) == 0) {
			throw ProblemException.notFound("Notification", id);
		}
		announceRead(userId, "notification:" + id);
		return notifications.find(userId, id).orElseThrow();
	}

	@Transactional
	long markAllRead(CurrentUser user) {
		long userId = user.requireId();
		int changed = notifications.markAllRead(userId);
		if (changed > 0) {
			announceRead(userId, "all:" + System.nanoTime());
		}
		return changed;
	}

	/** Other tabs of the same user update their bell. */
	private void announceRead(long userId, String what) {
		ObjectNode payload = json.createObjectNode().put("unread_count", notifications.countByUser(userId, true));
		live.append("notifications_read:" + userId + ":" + what + ":" + System.nanoTime(), "notifications_read",
				payload, null, null, null, userId);
	}

}
