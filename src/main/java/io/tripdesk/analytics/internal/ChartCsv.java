package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** A chart as CSV (RFC 4180): a header of the column labels, then the rows, values as in the JSON. */
final class ChartCsv {

	private ChartCsv() {
	}

	static String render(ChartService.Chart chart) {
		StringBuilder csv = new StringBuilder();
		line(csv, chart.columns().stream().map(ChartService.Column::label).toList());
		for (var row : chart.rows()) {
			line(csv, chart.columns().stream().map(column -> text(row.get(column.key()))).toList());
		}
		return csv.toString();
	}

	/** {@code lead-trend-2026-10-01-2026-10-30.csv} */
	static String fileName(ChartService.Chart chart) {
		return chart.chart() + "-" + chart.range().from() + "-" + chart.range().to() + ".csv";
	}

	private static void line(StringBuilder csv, List<String> fields) {
		csv.append(fields.stream().map(ChartCsv::quoted).collect(Collectors.joining(","))).append("\r\n");
	}

	private static String text(@Nullable Object value) {
		return value == null ? "" : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
	}

	private static String quoted(String field) {
		if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
			return "\"" + field.replace("\"", "\"\"") + "\"";
		}
		return field;
	}

}
