/**
 * Follow-up tasks: due time, priority, assignee, optionally about a lead. Completing one records it on
 * the lead's timeline; a task that becomes overdue is announced once.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity", "leads" })
package io.tripdesk.tasks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
