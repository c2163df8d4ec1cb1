/**
 * Notifications per user, and the dashboard's live feed: WebSocket {@code /ws/admin/} fed from the
 * other modules' domain events after they commit, kept in PostgreSQL for catching up, and fanned out
 * across nodes with LISTEN/NOTIFY.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity", "leads", "trips", "tasks", "whatsapp", "analytics" })
package io.tripdesk.notifications;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
