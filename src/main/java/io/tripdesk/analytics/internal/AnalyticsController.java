package io.tripdesk.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/analytics/}: the key metrics, the charts and the whole dashboard for a range of days
 * ({@code from}, {@code to}, inclusive, in the agency's time zone, default the last 30 days) with optional
 * {@code source}, {@code assigned_to} and {@code trip} filters; for admins, a check of the rollups against
 * the raw tables and a rebuild from them.
 */
@RestController
@RequestMapping("/api/analytics")
@Tag(name = "Analytics", description = "Metrics and charts from the rollups; days in the agency's time zone.")
class AnalyticsController {

	private static final long MAX_DAYS = 3 * 366;

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final MetricsService metrics;

	private final ChartService charts;

	private final DashboardService dashboards;

	private final AnalyticsRebuild rebuild;

	AnalyticsController(MetricsService metrics, ChartService charts, DashboardService dashboards,
			AnalyticsRebuild rebuild) {
		this.metrics = metrics;
		this.charts = charts;
		this.dashboards = dashboards;
		this.rebuild = rebuild;
	}

	/** The range and filters every analytics endpoint takes. */
	private record Request(LocalDate from, LocalDate to, MetricsService.Filters filters) {
	}

	private Request request(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String source,
			@Nullable Long assignedTo, @Nullable Long tripId) {
		LocalDate end = to != null ? to : metrics.today();
		LocalDate start = from != null ? from : end.minusDays(29);
		if (start.isAfter(end)) {
			throw ProblemException.invalid("from", "must not be after to");
		}
		if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
			throw ProblemException.invalid("from", "the range may span at most three years");
		}
		return new Request(start, end, new MetricsService.Filters(source, assignedTo, tripId));
	}

	@GetMapping("/metrics")
	@Operation(summary = "Key metrics", description = "Each figure for the range beside the same figure for the "
			+ "period of equal length just before it, and the relative change (null when the previous figure is 0).")
	MetricsService.Metrics metrics(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to, @RequestParam(required = false) @Nullable String source,
			@RequestParam(name = "assigned_to", required = false) @Nullable Long assignedTo,
			@RequestParam(name = "trip", required = false) @Nullable Long tripId) {
		Request request = request(from, to, source, assignedTo, tripId);
		return metrics.metrics(request.from(), request.to(), request.filters());
	}

	@GetMapping("/charts/{chart}")
	@Operation(summary = "One chart, as JSON or CSV",
			description = "Typed columns and rows keyed by the column keys, with an explanation of the figures. "
					+ "format=csv or Accept: text/csv gives the same rows as a CSV attachment with a header of the "
					+ "column labels.")
	@ApiResponse(responseCode = "200", content = {
			@Content(mediaType = "application/json", schema = @Schema(implementation = ChartService.Chart.class)),
			@Content(mediaType = "text/csv", schema = @Schema(type = "string")) })
	ResponseEntity<?> chart(
			@Parameter(schema = @Schema(allowableValues = { "lead-trend", "sources", "stages", "funnel", "revenue",
					"response-times", "leaderboard", "attribution-sources", "attribution-ads" })) @PathVariable String chart,
			@RequestParam(required = false) @Nullable LocalDate from, @RequestParam(required = false) @Nullable LocalDate to,
			@RequestParam(required = false) @Nullable String source,
			@RequestParam(name = "assigned_to", required = false) @Nullable Long assignedTo,
			@RequestParam(name = "trip", required = false) @Nullable Long tripId,
			@Parameter(description = "day, week or month; default: day up to 92 days, week up to 366, else month",
					schema = @Schema(allowableValues = { "day", "week", "month" })) @RequestParam(
							required = false) @Nullable String granularity,
			@Parameter(schema = @Schema(allowableValues = { "json", "csv" })) @RequestParam(
					required = false) @Nullable String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		ChartService.Kind kind = ChartService.Kind.fromKey(chart)
			.orElseThrow(() -> ProblemException.invalid("chart", "must be one of " + ChartService.Kind.keys()));
		ChartService.Granularity unit = granularity == null ? null
				: ChartService.Granularity.fromKey(granularity)
					.orElseThrow(() -> ProblemException.invalid("granularity", "must be day, week or month"));
		if (format != null && !format.equals("json") && !format.equals("csv")) {
			throw ProblemException.invalid("format", "must be json or csv");
		}
		Request request = request(from, to, source, assignedTo, tripId);
		ChartService.Chart result = charts.chart(kind, request.from(), request.to(), request.filters(), unit);
		boolean csv = "csv".equals(format) || format == null && accept != null && accept.contains("text/csv");
		if (!csv) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
		}
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(ChartCsv.fileName(result)).build().toString())
			.body(ChartCsv.render(result));
	}

	@GetMapping("/dashboard")
	@Operation(summary = "The whole dashboard",
			description = "The metrics and every chart (each at its default granularity) in one call; charts keyed "
					+ "lead_trend, sources, stages, funnel, revenue, response_times, leaderboard, attribution_sources, "
					+ "attribution_ads.")
	DashboardService.Dashboard dashboard(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to, @RequestParam(required = false) @Nullable String source,
			@RequestParam(name = "assigned_to", required = false) @Nullable Long assignedTo,
			@RequestParam(name = "trip", required = false) @Nullable Long tripId) {
		Request request = request(from, to, source, assignedTo, tripId);
		return dashboards.dashboard(request.from(), request.to(), request.filters());
	}

	@GetMapping("/verify")
	@Operation(summary = "Check the rollups against the raw tables (admins)")
	AnalyticsRebuild.Verification verify(@AuthenticationPrincipal CurrentUser user) {
		requireAdmin(user);
		return rebuild.verify();
	}

	@PostMapping("/rebuild")
	@Operation(summary = "Rebuild the rollups from the raw tables (admins)")
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
