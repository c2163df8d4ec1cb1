package io.tripdesk.shared.web;

import java.util.Set;

/**
 * A request body and which of its fields the client actually sent (JSON names), so that a PATCH can
 * tell "leave as it is" (absent) from "clear" (null).
 */
public record Submitted<T>(T value, Set<String> present) {

	public boolean has(String field) {
		return present.contains(field);
	}

	public void require(String field) {
		if (!has(field)) {
			throw ProblemException.invalid(field, "is required");
		}
	}

}
