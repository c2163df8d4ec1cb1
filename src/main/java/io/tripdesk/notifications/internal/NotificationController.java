package io.tripdesk.notifications.internal;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's notifications: unread first, then newest. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	private final NotificationService notifications;

	NotificationController(NotificationService notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	PageResponse<NotificationView> list(@RequestParam(name = "unread", defaultValue = "false") boolean unreadOnly,
			PageQuery page, @AuthenticationPrincipal CurrentUser user) {
		return notifications.list(user, unreadOnly, page);
	}

	@GetMapping("/unread-count")
	UnreadCount unreadCount(@AuthenticationPrincipal CurrentUser user) {
		return new UnreadCount(notifications.unreadCount(user));
	}

	@PostMapping("/{id}/read")
	NotificationView markRead(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
		return notifications.markRead(user, id);
	}

	@PostMapping("/read-all")
	MarkedRead markAllRead(@AuthenticationPrincipal CurrentUser user) {
		return new MarkedRead(notifications.markAllRead(user));
	}

	record UnreadCount(long unreadCount) {
	}

	record MarkedRead(long marked) {
	}

}
