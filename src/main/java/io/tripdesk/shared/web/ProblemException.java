package io.tripdesk.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the modules' exceptions: each becomes an RFC 9457 problem with a stable {@code type}
 * ({@code https://tripdesk.io/problems/<slug>}), a title and a human-readable detail.
 */
public class ProblemException extends ErrorResponseException {

	private static final String TYPE_BASE = "https://tripdesk.io/problems/";

	public ProblemException(HttpStatus status, String slug, String title, String detail) {
		super(status, problem(status, slug, title, detail), null);
	}

	/** A 400 that names the offending fields, shaped like validation errors. */
	public static ProblemException invalid(String field, String message) {
		return invalid(List.of(new FieldMessage(field, message)));
	}

	public static ProblemException invalid(List<FieldMessage> errors) {
		ProblemException ex = new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
						: "Some fields are not valid.");
		ex.getBody().setProperty("errors", errors);
		return ex;
	}

	public static ProblemException notFound(String what, Object id) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " " + id + " does not exist.");
	}

	/** Adds an extension member, e.g. the id of the record a conflict is with. */
	public ProblemException with(String name, Object value) {
		getBody().setProperty(name, value);
		return this;
	}

	public ProblemException with(Map<String, Object> properties) {
		properties.forEach(getBody()::setProperty);
		return this;
	}

	private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + slug));
		problem.setTitle(title);
		return problem;
	}

}
