package io.tripdesk.leads.internal;

import java.util.Set;

import io.tripdesk.shared.web.ProblemException;

/**
 * A request body and which of its fields the client actually sent (JSON names), so that a PATCH can
 * tell "leave as it is" (absent) from "clear" (null).
 */
record Sent<T>(T value, Set<String> present) {

	boolean has(String field) {
		return present.contains(field);
	}

	void require(String field) {
		if (!has(field)) {
			throw ProblemException.invalid(field, "is required");
		}
	}

}
