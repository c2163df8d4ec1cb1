package io.tripdesk.shared.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import io.tripdesk.shared.SupportedDates;
import io.tripdesk.shared.json.UnacceptableValueException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error into an RFC 9457 problem. Validation failures list their fields in
 * {@code errors[{field, message}]}, using the JSON (snake_case) names the client sent. Nothing
 * leaks a stack trace, and bad input is never a 500.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = new ArrayList<>();
		ex.getBindingResult().getFieldErrors()
			.forEach(error -> errors.add(new FieldMessage(snakeCase(error.getField()), message(error))));
		ex.getBindingResult().getGlobalErrors()
			.forEach(error -> errors.add(new FieldMessage(error.getObjectName(), message(error))));
		return problem(ProblemException.invalid(sorted(errors)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			String parameter = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach(error -> {
				String field = error instanceof FieldError fieldError ? fieldError.getField() : parameter;
				errors.add(new FieldMessage(snakeCase(field == null ? "request" : field), message(error)));
			});
		});
		return problem(ProblemException.invalid(sorted(errors)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			return problem(ProblemException.invalid(jsonField(jackson), jsonMessage(jackson)));
		}
		return problem(new ProblemException(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				"The request body is missing or is not valid JSON."));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return problem(ProblemException.invalid(ex.getParameterName(), "is required"));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = type == null ? "value"
				: Objects.requireNonNullElse(kind(type), type.getSimpleName().toLowerCase(Locale.ROOT));
		return problem(ProblemException.invalid(ex.getName(), "is not a valid " + expected));
	}

	/**
	 * A multipart body the server cannot read, e.g. a part whose file name holds a NUL: refused before any
	 * handler sees it. Too large a one is the base class's 413.
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> unreadableMultipart(MultipartException ex) {
		log.info("Multipart request refused: {}", ex.getMostSpecificCause().getClass().getSimpleName());
		return problem(new ProblemException(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				"The request body is not readable multipart/form-data: a part, or the name of its file, is not valid."));
	}

	/**
	 * A query string (or form body) Tomcat cannot read, e.g. a parameter without a name or one that cannot
	 * be decoded: Tomcat throws on the first read of a parameter, which is a handler's. Its text is not echoed.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> unreadableParameters(InvalidParameterException ex) {
		log.info("Request parameters refused: unreadable query string or form body");
		return problem(new ProblemException(HttpStatus.BAD_REQUEST, "malformed-parameters", "Malformed request parameters",
				"The query string or form body holds a parameter that cannot be read: one without a name, or one that "
						+ "cannot be decoded."));
	}

	/**
	 * A header or parameter the security firewall refuses (control characters, unpaired surrogates) when a
	 * handler reads it, past the filter chain's own rejection handling. Its text is not echoed.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<Object> rejectedRequest(RequestRejectedException ex) {
		log.info("Request rejected by the firewall while a handler read it");
		return problem(new ProblemException(HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected",
				"A header or parameter of the request holds characters that are not allowed."));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> accessDenied(AccessDeniedException ex) {
		return problem(new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"Your role does not allow this."));
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException ex) {
		return problem(new ProblemException(HttpStatus.CONFLICT, "concurrent-change", "Changed meanwhile",
				"Someone else changed this record at the same time. Reload it and try again."));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> integrity(DataIntegrityViolationException ex) {
		log.warn("Request conflicted with stored data: {}", ex.getMostSpecificCause().getMessage());
		return problem(new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict",
				"The change conflicts with data that is already stored."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unhandled error", ex);
		return problem(new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side. It has been logged."));
	}

	private static ResponseEntity<Object> problem(ProblemException ex) {
		ProblemDetail body = ex.getBody();
		return ResponseEntity.status(ex.getStatusCode()).body(body);
	}

	private static String message(MessageSourceResolvable error) {
		return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
	}

	private static List<FieldMessage> sorted(List<FieldMessage> errors) {
		return errors.stream().sorted(Comparator.comparing(FieldMessage::field)).toList();
	}

	/** What a request value of this type must look like, for the types requests use. */
	private static @Nullable String kind(Class<?> type) {
		return switch (type.getSimpleName()) {
			case "Integer", "int", "Long", "long", "Short", "short" -> "whole number";
			case "BigDecimal", "Double", "double" -> "number";
			case "Boolean", "boolean" -> "boolean (true or false)";
			case "LocalDate" -> "date (YYYY-MM-DD) from " + SupportedDates.FIRST + " to " + SupportedDates.LAST;
			case "OffsetDateTime", "Instant" -> "date-time (ISO 8601)";
			default -> null;
		};
	}

	/** The JSON field a reading error is about ({@code items[0].unit_price}); empty for the body as a whole. */
	static String jsonField(JacksonException ex) {
		return ex.getPath().stream()
			.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining(".")).replace(".[", "[");
	}

	/** What is wrong with a JSON value, for the client. */
	static String jsonMessage(JacksonException ex) {
		if (ex instanceof UnacceptableValueException) {
			return ex.getOriginalMessage();
		}
		String kind = ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
				? kind(mismatch.getTargetType()) : null;
		return kind == null ? "has the wrong type or format" : "is not a valid " + kind;
	}

	/** {@code travelStart} → {@code travel_start}, keeping paths such as {@code items[0].unitPrice}. */
	static String snakeCase(String javaName) {
		return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

}
