package io.tripdesk.analytics.internal.scoring;

/** What a lead score is computed from. Source is categorical (one column per source); the rest are numbers. */
enum Feature {

	BUDGET("Budget"), TRAVELERS("Travellers"), HAS_TRIP("Trip chosen"), TRIP_PRICE("Trip price"),
	DAYS_TO_TRAVEL("Days from enquiry to travel"), INBOUND_MESSAGES("Messages from the customer"),
	ANSWERED_QUICKLY("Answered within the response-time target"), STAGE_REACHED("Furthest stage reached"),
	SOURCE("Source");

	/** The numeric features, in the order of a model's columns; the sources' columns follow. */
	static final Feature[] NUMERIC = { BUDGET, TRAVELERS, HAS_TRIP, TRIP_PRICE, DAYS_TO_TRAVEL, INBOUND_MESSAGES,
			ANSWERED_QUICKLY, STAGE_REACHED };

	private final String label;

	Feature(String label) {
		this.label = label;
	}

	String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	String label() {
		return label;
	}

}
