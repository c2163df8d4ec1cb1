package io.tripdesk.analytics.internal;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;

/**
 * The whole dashboard: the metrics and every chart. They are independent reads of the rollups, so the
 * charts are read on a pool of one thread per core while the request's thread reads the metrics: the
 * dashboard takes as long as its slowest query (the agent leaderboard sums some 45,000 response-time
 * cells for 90 days), not as long as all of them together. Every dashboard shares the pool, so their
 * charts together never keep more connections busy than there are cores.
 */
@Service
class DashboardService {

	record Dashboard(MetricsService.Metrics metrics, Map<String, ChartService.Chart> charts) {
	}

	private final MetricsService metrics;

	private final ChartService charts;

	private final ExecutorService chartReaders;

	DashboardService(MetricsService metrics, ChartService charts) {
		this.metrics = metrics;
		this.charts = charts;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dashboard-");
		threads.setDaemon(true);
		this.chartReaders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), threads);
	}

	Dashboard dashboard(LocalDate from, LocalDate to, MetricsService.Filters filters) {
		CompletableFuture<Map<String, ChartService.Chart>> read = charts.all(from, to, filters, chartReaders);
		MetricsService.Metrics figures = metrics.metrics(from, to, filters);
		try {
			return new Dashboard(figures, read.join());
		}
		catch (CompletionException ex) {
			// The chart's own failure, as if it had been read on this thread.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	@PreDestroy
	void stop() {
		chartReaders.shutdownNow();
	}

}
