package io.tripdesk.notifications.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
		return notifyAll(List.of(userId), type, title, body, link, leadId, taskId, cause).stream()
			.map(NotificationRepository.Delivered::notification).findFirst();
	}

	/** Notifies each user once per {@code cause}, with one statement for all of them. */
	@Transactional
	List<NotificationRepository.Delivered> notifyAll(List<Long> userIds, String type, String title, @Nullable String body,
			@Nullable String link, @Nullable Long leadId, @Nullable Long taskId, String cause) {
		return notifyEach(List.of(new Notice(userIds, type, title, body, link, leadId, taskId, cause)));
	}

	/** A notification for some users, once each per {@code cause}. */
	record Notice(List<Long> recipients, String type, String title, @Nullable String body, @Nullable String link,
			@Nullable Long leadId, @Nullable Long taskId, String cause) {
	}

	/** Notifies each notice's users, with one statement for all the notices; each is announced live. */
	@Transactional
	List<NotificationRepository.Delivered> notifyEach(List<Notice> notices) {
		List<NotificationRepository.Delivered> delivered = notifications.insertAll(notices);
		if (!delivered.isEmpty()) {
			announce(delivered);
		}
		return delivered;
	}

	/**
	 * What one lead's customer wrote in a batch of messages, for whom: how many messages, and the newest
	 * (by id) to show.
	 *
	 * @param toAssignee whether the recipients are the lead's assignee (rather than every agent, for a lead
	 * nobody has taken yet)
	 */
	record Messages(List<Long> recipients, boolean toAssignee, long leadId, String leadName, long lastMessageId,
			String lastPreview, int count, String link) {

		/** This and the lead's next message: those recipients now, the newer message shown. */
		Messages then(Messages next) {
			boolean newer = next.lastMessageId > lastMessageId;
			return new Messages(next.recipients, next.toAssignee, leadId, next.leadName,
					newer ? next.lastMessageId : lastMessageId, newer ? next.lastPreview : lastPreview, count + next.count,
					link);
		}

	}

	/**
	 * Customers' messages: each recipient's one notification per lead, new, brought back, or (for the
	 * assignee) counting on, with two statements for all of them; each lead's recipients hear of it live.
	 * An unassigned lead whose every agent of {@code agents} has been told, and not read it since, needs
	 * nothing written at all.
	 */
	@Transactional
	void notifyOfMessages(List<Messages> messages, List<Long> agents) {
		List<Long> sortedAgents = agents.stream().sorted().toList();
		Set<Long> waiting = messages.stream().filter(lead -> !lead.toAssignee()).map(Messages::leadId)
			.collect(Collectors.toCollection(HashSet::new));
		Set<Long> toldAlready = waiting.isEmpty() || agents.isEmpty() ? Set.of()
				: notifications.toldAllAgents(waiting, sortedAgents);
		waiting.removeAll(toldAlready);
		if (!waiting.isEmpty() && !agents.isEmpty()) {
			notifications.markToldAllAgents(waiting, sortedAgents);
		}
		List<NotificationRepository.Delivered> delivered = notifications.upsertMessages(
				messages.stream().filter(lead -> !toldAlready.contains(lead.leadId())).toList());
		if (!delivered.isEmpty()) {
			announce(delivered);
		}
	}

	/**
	 * Every tab of each recipient gets their notification and new unread count, in one live event for each
	 * cause: a message on an unassigned lead notifies every agent, and a feed row for each took twice as long
	 * to write as one row for all of them.
	 */
	private void announce(List<NotificationRepository.Delivered> delivered) {
		Map<Long, Long> unread = notifications.unreadCounts(
				delivered.stream().map(NotificationRepository.Delivered::userId).distinct().toList());
		Map<String, List<NotificationRepository.Delivered>> byCause = new LinkedHashMap<>();
		for (NotificationRepository.Delivered notification : delivered) {
			byCause.computeIfAbsent(notification.cause(), cause -> new ArrayList<>()).add(notification);
		}
		live.appendAll(byCause.values().stream().map(sameCause -> announcement(sameCause, unread)).toList());
	}

	/** The live event that tells each user of their notification of one cause, with their unread count. */
	private LiveEventStore.Draft announcement(List<NotificationRepository.Delivered> created, Map<Long, Long> unread) {
		Map<Long, ObjectNode> personal = new LinkedHashMap<>();
		StringBuilder cause = new StringBuilder();
		for (NotificationRepository.Delivered delivered : created) {
			NotificationView notification = delivered.notification();
			ObjectNode part = json.createObjectNode();
			part.set("notification", json.valueToTree(notification));
			part.put("unread_count", unread.getOrDefault(delivered.userId(), 0L));
			personal.put(delivered.userId(), part);
			// A notification brought back by a new message is announced again: its time is part of the key.
			cause.append(notification.id()).append('@').append(notification.createdAt().toEpochMilli()).append(' ');
		}
		return new LiveEventStore.Draft(LiveEventProducer.dedupeKey("notification_created", cause),
				"notification_created", json.createObjectNode(), null, null, null, personal);
	}

	PageResponse<NotificationView> list(CurrentUser user, boolean unreadOnly, PageQuery page) {
		long userId = user.requireId();
		return PageResponse.of(notifications.findByUser(userId, unreadOnly, page.pageSize(), page.offset()),
				notifications.countByUser(userId, unreadOnly), page);
	}

	long unreadCount(CurrentUser user) {
		return notifications.unreadCount(user.requireId());
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
		ObjectNode count = json.createObjectNode().put("unread_count", notifications.unreadCount(userId));
		live.append(new LiveEventStore.Draft("notifications_read:" + userId + ":" + what + ":" + System.nanoTime(),
				"notifications_read", json.createObjectNode(), null, null, null, Map.of(userId, count)));
	}

}
