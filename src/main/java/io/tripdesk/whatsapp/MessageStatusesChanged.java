package io.tripdesk.whatsapp;

import java.util.List;

/**
 * Outbound messages moved forward, each once, in the order they did: a queued or failed send, or the
 * statuses of one inbox batch (Meta reports three a message), so listeners get one event, and one
 * transaction, for many.
 */
public record MessageStatusesChanged(List<MessageStatusChanged> changes) {
}
