package io.tripdesk.tasks.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param overdueScanInterval how often tasks past their due time are looked for and announced (once each)
 */
@ConfigurationProperties("tripdesk.tasks")
record TasksProperties(@DefaultValue("1m") Duration overdueScanInterval) {
}
