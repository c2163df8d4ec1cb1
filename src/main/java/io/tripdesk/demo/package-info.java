/**
 * A realistic travel agency, generated from a seed at any scale: the demo data a newcomer sees
 * ({@code tripdesk.demo=true}) and the benchmark's million leads. It writes every module's tables
 * directly with COPY, like a restore from a backup: domain events are not raised, and derived data
 * (analytics rollups) is rebuilt from the raw tables afterwards.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "shared")
package io.tripdesk.demo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
