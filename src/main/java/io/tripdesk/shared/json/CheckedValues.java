package io.tripdesk.shared.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import io.tripdesk.shared.SupportedDates;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Refuses values that read well but cannot be stored sensibly, wherever they occur in a body: text holding
 * NUL (U+0000), which PostgreSQL cannot store, and days outside {@link SupportedDates}. Each is refused as an
 * {@link UnacceptableValueException} naming the field.
 */
final class CheckedValues extends ValueDeserializerModifier {

	private static final String NO_NUL = "must not contain the NUL character (U+0000)";

	@Override
	public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
			ValueDeserializer<?> deserializer) {
		Class<?> type = description.getBeanClass();
		if (type == String.class) {
			return new Checked(deserializer, CheckedValues::textProblem);
		}
		if (type == LocalDate.class || type == LocalDateTime.class || type == OffsetDateTime.class
				|| type == ZonedDateTime.class || type == Instant.class) {
			return new Checked(deserializer, CheckedValues::dayProblem);
		}
		return deserializer;
	}

	private static @Nullable String textProblem(Object value) {
		return ((String) value).indexOf('\0') >= 0 ? NO_NUL : null;
	}

	private static @Nullable String dayProblem(Object value) {
		boolean supported;
		if (value instanceof Instant instant) {
			supported = SupportedDates.contains(instant);
		}
		else if (value instanceof OffsetDateTime time) {
			supported = SupportedDates.contains(time.toLocalDate());
		}
		else if (value instanceof ZonedDateTime time) {
			supported = SupportedDates.contains(time.toLocalDate());
		}
		else if (value instanceof LocalDateTime time) {
			supported = SupportedDates.contains(time.toLocalDate());
		}
		else {
			supported = SupportedDates.contains((LocalDate) value);
		}
		return supported ? null : SupportedDates.RULE;
	}

	/** What is wrong with a value, as a message for the client, or null when it is fine. */
	@FunctionalInterface
	private interface Check {

		@Nullable String problem(Object value);

	}

	/** Reads with the standard deserializer, then checks the value. */
	private static final class Checked extends DelegatingDeserializer {

		private final Check check;

		Checked(ValueDeserializer<?> delegatee, Check check) {
			super(delegatee);
			this.check = check;
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
			return new Checked(delegatee, check);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			return checked(parser, super.deserialize(parser, context));
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context, Object intoValue)
				throws JacksonException {
			return checked(parser, super.deserialize(parser, context, intoValue));
		}

		private Object checked(JsonParser parser, @Nullable Object value) {
			String problem = value == null ? null : check.problem(value);
			if (problem != null) {
				throw new UnacceptableValueException(parser, problem, handledType());
			}
			return value;
		}

	}

}
