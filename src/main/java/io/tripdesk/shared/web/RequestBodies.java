package io.tripdesk.shared.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON object into a request record, remembering which fields were sent, and checks it: wrong
 * types and broken constraints come back as one 400 listing every field.
 */
@Component
public class RequestBodies {

	private final JsonMapper json;

	private final Validator validator;

	RequestBodies(JsonMapper json, Validator validator) {
		this.json = json;
		this.validator = validator;
	}

	/**
	 * For a PATCH (or a POST whose absent fields have defaults): the typed body, checked, and the names
	 * of the fields that were sent. Bind the body as {@code @RequestBody JsonNode}.
	 */
	public <T> Submitted<T> read(JsonNode body, Class<T> type) {
		if (!body.isObject()) {
			throw ProblemException.invalid("request", "must be a JSON object");
		}
		Set<String> present = new LinkedHashSet<>(body.propertyNames());
		T request;
		try {
			request = json.treeToValue(body, type);
		}
		catch (JacksonException ex) {
			String field = ProblemDetailsAdvice.jsonField(ex);
			throw ProblemException.invalid(field.isEmpty() ? "request" : field, ProblemDetailsAdvice.jsonMessage(ex));
		}
		List<FieldMessage> errors = new ArrayList<>();
		for (ConstraintViolation<T> violation : validator.validate(request)) {
			String field = ProblemDetailsAdvice.snakeCase(violation.getPropertyPath().toString())
				.replaceAll("\\.<list element>", "");
			errors.add(new FieldMessage(field, violation.getMessage()));
		}
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors.stream().sorted(Comparator.comparing(FieldMessage::field)).toList());
		}
		return new Submitted<>(request, present);
	}

}
