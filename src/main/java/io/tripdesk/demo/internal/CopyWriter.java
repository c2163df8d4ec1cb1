package io.tripdesk.demo.internal;

import org.jspecify.annotations.Nullable;

/**
 * Collects CSV rows for one table and hands them to the {@link CopyStream} a few megabytes at a time.
 * Rows that reference another table's rows name that table's writer as {@code parent}: it is flushed
 * first, so foreign keys hold.
 */
final class CopyWriter implements AutoCloseable {

	private static final int FLUSH_AT_CHARS = 4 * 1024 * 1024;

	private final CopyStream stream;

	private final String sql;

	private final StringBuilder buffer = new StringBuilder(FLUSH_AT_CHARS + 64 * 1024);

	private final Csv csv = new Csv(buffer);

	private final @Nullable CopyWriter parent;

	private long rows;

	CopyWriter(CopyStream stream, String table, String columns) {
		this(stream, table, columns, null);
	}

	CopyWriter(CopyStream stream, String table, String columns, @Nullable CopyWriter parent) {
		this.stream = stream;
		this.sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
		this.parent = parent;
	}

	Csv row() {
		rows++;
		return csv;
	}

	void endRow() {
		csv.endRow();
		if (buffer.length() >= FLUSH_AT_CHARS) {
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
		if (buffer.isEmpty()) {
			return;
		}
		stream.copy(sql, buffer.toString());
		buffer.setLength(0);
	}

	@Override
	public void close() {
		flush();
	}

}
