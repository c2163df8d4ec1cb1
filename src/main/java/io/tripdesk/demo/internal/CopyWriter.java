package io.tripdesk.demo.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyManager;

/**
 * Streams CSV rows into one table with COPY, a few megabytes at a time. Rows that reference another
 * table's rows name that table's writer as {@code parent}: it is flushed first, so foreign keys hold.
 */
final class CopyWriter implements AutoCloseable {

	private static final int FLUSH_AT_CHARS = 8 * 1024 * 1024;

	private final CopyManager copy;

	private final String sql;

	private StringWriter buffer = new StringWriter();

	private Csv csv = new Csv(buffer);

	private final @Nullable CopyWriter parent;

	private long rows;

	CopyWriter(CopyManager copy, String table, String columns) {
		this(copy, table, columns, null);
	}

	CopyWriter(CopyManager copy, String table, String columns, @Nullable CopyWriter parent) {
		this.copy = copy;
		this.sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
		this.parent = parent;
	}

	Csv row() {
		rows++;
		return csv;
	}

	void endRow() {
		csv.endRow();
		if (buffer.getBuffer().length() >= FLUSH_AT_CHARS) {
			flush();
		}
	}

	long rows() {
		return rows;
	}

	private void flush() {
		if (parent != null) {
			parent.flush();
		}
		if (buffer.getBuffer().isEmpty()) {
			return;
		}
		try {
			copy.copyIn(sql, new StringReader(buffer.toString()));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("COPY failed: " + sql, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		buffer = new StringWriter();
		csv = new Csv(buffer);
	}

	@Override
	public void close() {
		flush();
	}

}
