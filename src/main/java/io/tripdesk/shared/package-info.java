/**
 * The few ownerless types every module uses: paging, problem details, the web and database plumbing.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.tripdesk.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
