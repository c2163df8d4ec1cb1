package io.tripdesk.demo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import org.jspecify.annotations.Nullable;

/**
 * Rows for PostgreSQL's {@code COPY … (FORMAT csv)}: every value quoted, so an empty string stays
 * empty, and null written as nothing, which COPY reads as NULL.
 */
final class Csv {

	private final Writer out;

	private boolean firstInRow = true;

	Csv(Writer out) {
		this.out = out;
	}

	Csv value(@Nullable Object value) {
		try {
			if (!firstInRow) {
				out.write(',');
			}
			firstInRow = false;
			if (value != null) {
				out.write('"');
				out.write(value.toString().replace("\"", "\"\""));
				out.write('"');
			}
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void endRow() {
		try {
			out.write('\n');
			firstInRow = true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
