package io.tripdesk.notifications.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param responseTimeAlert how long a customer may wait for a person's first reply before the assignee
 * (or, unassigned, every agent) is alerted
 * @param notifyAdminsOfNewLeads whether a new lead notifies the admins
 * @param liveEventRetention how long live events are kept for reconnecting clients
 * @param replayLimit at most this many missed events are replayed; beyond it the client is told to resync
 * @param heartbeat how often the server pings each socket; a client that stops answering is dropped
 * @param clientQueueLimit events queued for one slow client before it is disconnected (it then catches up)
 */
@ConfigurationProperties("tripdesk.notifications")
record NotificationsProperties(@DefaultValue("15m") Duration responseTimeAlert,
		@DefaultValue("true") boolean notifyAdminsOfNewLeads, @DefaultValue("24h") Duration liveEventRetention,
		@DefaultValue("1000") int replayLimit, @DefaultValue("25s") Duration heartbeat,
		@DefaultValue("2000") int clientQueueLimit) {
}
