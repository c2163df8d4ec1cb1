package io.tripdesk.analytics;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The dashboard's key figures changed: new leads today and in the last 30 days, revenue in the last 30
 * days, the open pipeline's value, deals won in the last 30 days, and tasks overdue.
 */
public record MetricsUpdated(long newLeadsToday, long newLeads30Days, BigDecimal revenue30Days,
		BigDecimal openPipelineValue, long won30Days, long tasksOverdue, Instant at) {
}
