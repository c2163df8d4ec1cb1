package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A chart as CSV (RFC 4180): a header of the column labels, then the rows, values as in the JSON. Text that a
 * spreadsheet would run as a formula (a lead's name or an ad's headline such as {@code =HYPERLINK(…)}) begins
 * with a single quote, as OWASP advises; numbers are written as they are, negative ones too.
 */
final class ChartCsv {

	private ChartCsv() {
	}

	static String render(ChartService.Chart chart) {
		StringBuilder csv = new StringBuilder();
		line(csv, chart.columns().stream().map(column -> text(column.label())).toList());
		for (var row : chart.rows()) {
			line(csv, chart.columns().stream().map(column -> cell(row.get(column.key()))).toList());
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

	private static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return value instanceof Number ? value.toString() : text(value.toString());
	}

	/** Text that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a CR) gets a quote before it. */
	private static String text(String value) {
		return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
	}

	private static String quoted(String field) {
		if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
			return "\"" + field.replace("\"", "\"\"") + "\"";
		}
		return field;
	}

}
