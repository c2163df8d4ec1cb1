package io.tripdesk.analytics.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/analytics/}: the key metrics for a range of days ({@code from}, {@code to}, inclusive,
 * default the last 30 days) with optional {@code source}, {@code assigned_to} and {@code trip} filters;
 * for admins, a check of the rollups against the raw tables and a rebuild from them.
 */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

	private static final long MAX_DAYS = 3 * 366;

	private final MetricsService metrics;

	private final AnalyticsRebuild rebuild;

	AnalyticsController(MetricsService metrics, AnalyticsRebuild rebuild) {
		this.metrics = metrics;
		this.rebuild = rebuild;
	}

	@GetMapping("/metrics")
	MetricsService.Metrics metrics(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to, @RequestParam(required = false) @Nullable String source,
			@RequestParam(name = "assigned_to", required = false) @Nullable Long assignedTo,
			@RequestParam(name = "trip", required = false) @Nullable Long tripId) {
		LocalDate end = to != null ? to : metrics.today();
		LocalDate start = from != null ? from : end.minusDays(29);
		if (start.isAfter(end)) {
			throw ProblemException.invalid("from", "must not be after to");
		}
		if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
			throw ProblemException.invalid("from", "the range may span at most three years");
		}
		return metrics.metrics(start, end, new MetricsService.Filters(source, assignedTo, tripId));
	}

	@GetMapping("/verify")
	AnalyticsRebuild.Verification verify(@AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		return rebuild.verify();
	}

	@PostMapping("/rebuild")
	AnalyticsRebuild.Result rebuild(@AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		return rebuild.rebuild();
	}

	private static void requireAdmin(CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only admins rebuild analytics.");
		}
	}

}
