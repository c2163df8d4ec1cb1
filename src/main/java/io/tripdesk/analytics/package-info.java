/**
 * Analytics from real data: rollups kept current by the other modules' domain events (and rebuildable
 * from the raw tables), the dashboard's metrics, and live updates of its key figures.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity", "leads", "trips", "tasks", "whatsapp" })
package io.tripdesk.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
