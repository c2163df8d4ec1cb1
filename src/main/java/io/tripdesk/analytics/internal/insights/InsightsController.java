package io.tripdesk.analytics.internal.insights;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/insights/}: what needs attention now, for the signed-in user (agents: their own and
 * unassigned leads). {@code from}, {@code to} (default the last 30 days) is the period whose conversion by
 * source is compared with the one before.
 */
@RestController
@RequestMapping("/api/insights")
class InsightsController {

	private static final long MAX_DAYS = 3 * 366;

	private final InsightsService insights;

	InsightsController(InsightsService insights) {
		this.insights = insights;
	}

	@GetMapping
	InsightsService.Insights insights(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to, @AuthenticationPrincipal CurrentUser user) {
		LocalDate end = to != null ? to : insights.today();
		LocalDate start = from != null ? from : end.minusDays(29);
		if (start.isAfter(end)) {
			throw ProblemException.invalid("from", "must not be after to");
		}
		if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
			throw ProblemException.invalid("from", "the range may span at most three years");
		}
		return insights.insights(start, end, user);
	}

}
