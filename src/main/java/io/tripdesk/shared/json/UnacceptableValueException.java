package io.tripdesk.shared.json;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A well-formed JSON value that Tripdesk refuses (a NUL character, a day out of {@code SupportedDates}). Its
 * message is written for the client and its path names the field.
 */
public final class UnacceptableValueException extends MismatchedInputException {

	UnacceptableValueException(JsonParser parser, String message, Class<?> targetType) {
		super(parser, message, targetType);
	}

}
