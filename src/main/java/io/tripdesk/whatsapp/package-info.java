/**
 * WhatsApp Cloud API: the signed webhook and its durable inbox, conversations and message statuses,
 * reliable sending through a queue, templates, media, connection health, and an offline sandbox that
 * plays Meta's part.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared", "identity", "leads" })
package io.tripdesk.whatsapp;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
