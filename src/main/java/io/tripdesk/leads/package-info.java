/**
 * Leads: the customers an agency is selling to, their pipeline stage, assignee and timeline, and the
 * one-customer-one-lead rule (phone in E.164, WhatsApp id, business-scoped user id).
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity" })
package io.tripdesk.leads;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
