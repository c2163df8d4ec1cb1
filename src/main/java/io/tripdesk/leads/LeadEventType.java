package io.tripdesk.leads;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of timeline entries; stored and sent in lower case ({@code stage_changed}). */
public enum LeadEventType {

	CREATED, UPDATED, ASSIGNED, STAGE_CHANGED, NOTE, MESSAGE_IN, MESSAGE_OUT, TASK_CREATED, TASK_COMPLETED,
	BOOKING_CREATED, BOOKING_CONFIRMED, BOOKING_CANCELLED;

	@JsonValue
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static LeadEventType fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

}
