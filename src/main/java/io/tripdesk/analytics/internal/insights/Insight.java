package io.tripdesk.analytics.internal.insights;

import java.util.List;

/** Something an agent should act on, with the evidence, how it was found, and where to act. */
record Insight(String kind, String severity, String title, String summary, String explanation,
		List<Evidence> evidence, List<Item> items, Action action) {

	record Evidence(String label, String value) {
	}

	/** {@code type}: lead, trip or source. */
	record Item(String type, String id, String name, String detail, String link) {
	}

	record Action(String label, String link) {
	}

	int severityRank() {
		return switch (severity) {
			case "critical" -> 0;
			case "warning" -> 1;
			default -> 2;
		};
	}

}
