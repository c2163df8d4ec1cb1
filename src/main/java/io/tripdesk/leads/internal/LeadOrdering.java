package io.tripdesk.leads.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lead list's {@code ordering} values. Each sorts by a key that is never null (a missing value
 * sorts as the lowest), then by id, so that a row's position can be written down as a keyset cursor
 * and the next page found by comparing rows, at the cost of one index descent however deep it is.
 */
enum LeadOrdering {

	CREATED_AT("created_at", "created_at", Kind.TIME, Lead::createdAt),
	UPDATED_AT("updated_at", "updated_at", Kind.TIME, Lead::updatedAt),
	NAME("name", "name", Kind.TEXT, Lead::name),
	EXPECTED_VALUE("expected_value", "coalesce(expected_value, -1)", Kind.NUMBER,
			lead -> lead.expectedValue() == null ? BigDecimal.ONE.negate() : lead.expectedValue()),
	LAST_INBOUND_AT("last_inbound_at", "coalesce(last_inbound_at, TIMESTAMPTZ 'epoch')", Kind.TIME,
			lead -> lead.lastInboundAt() == null ? Instant.EPOCH : lead.lastInboundAt()),
	SCORE("score", "coalesce(score, -1)", Kind.INTEGER, lead -> lead.score() == null ? -1 : lead.score()),
	STAGE_CHANGED_AT("stage_changed_at", "stage_changed_at", Kind.TIME, Lead::stageChangedAt);

	/** How a sort key is written into a cursor and bound back as a parameter. */
	enum Kind {

		TIME {
			@Override
			Object parse(String text) {
				return Timestamp.from(Instant.parse(text));
			}
		},
		NUMBER {
			@Override
			Object parse(String text) {
				return new BigDecimal(text);
			}
		},
		/** Bound as an integer, not a numeric, so that the integer column's index still serves the comparison. */
		INTEGER {
			@Override
			Object parse(String text) {
				return Integer.valueOf(text);
			}
		},
		TEXT {
			@Override
			Object parse(String text) {
				return text;
			}
		};

		/** Throws an unchecked exception for text that was not written by {@link #format}. */
		abstract Object parse(String text);

		String format(Object value) {
			return value instanceof BigDecimal number ? number.toPlainString() : value.toString();
		}

	}

	private final String key;

	private final String expression;

	private final Kind kind;

	private final Function<Lead, Object> keyOf;

	LeadOrdering(String key, String expression, Kind kind, Function<Lead, Object> keyOf) {
		this.key = key;
		this.expression = expression;
		this.kind = kind;
		this.keyOf = keyOf;
	}

	/** {@code name} ascending or {@code -name} descending. */
	record Direction(LeadOrdering ordering, boolean descending) {

		static Optional<Direction> parse(String value) {
			boolean descending = value.startsWith("-");
			String key = descending ? value.substring(1) : value;
			return Arrays.stream(values()).filter(ordering -> ordering.key.equals(key)).findFirst()
				.map(ordering -> new Direction(ordering, descending));
		}

		String value() {
			return (descending ? "-" : "") + ordering.key;
		}

		/** The ORDER BY, reversed when reading backwards from a cursor. */
		String orderBy(boolean backwards) {
			String direction = descending != backwards ? " DESC" : " ASC";
			return ordering.expression + direction + ", id" + direction;
		}

		/** Rows after the cursor's row in this order (before it when reading backwards). */
		String after(boolean backwards) {
			return "(" + ordering.expression + ", id) " + (descending != backwards ? "<" : ">") + " (:cursorKey, :cursorId)";
		}

		String keyOf(Lead lead) {
			return ordering.kind.format(ordering.keyOf.apply(lead));
		}

		Object parseKey(String text) {
			return ordering.kind.parse(text);
		}

	}

	static String allValues() {
		return String.join(", ", Arrays.stream(values()).map(ordering -> ordering.key + ", -" + ordering.key).toList());
	}

}
