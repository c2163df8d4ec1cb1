package io.tripdesk.whatsapp;

import java.util.List;

/**
 * Customers' WhatsApp messages stored together, in the order they arrived: the inbox stores what Meta
 * delivered in batches, so listeners get one event (and one transaction) for many messages.
 */
public record MessagesReceived(List<MessageReceived> messages) {
}
