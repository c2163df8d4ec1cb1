/**
 * Users and their roles, login (dashboard sessions and personal API tokens), and the audit log.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "shared")
package io.tripdesk.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
