package io.tripdesk.notifications.internal;

import java.util.Optional;

/**
 * A position in the live feed: the writing transaction's id and the row id. Rows are read in this
 * order, and only once all older transactions have ended, so a cursor never passes a row that could
 * still appear behind it.
 */
record FeedCursor(long xid, long id) implements Comparable<FeedCursor> {

	static final FeedCursor START = new FeedCursor(0, 0);

	static Optional<FeedCursor> parse(String text) {
		String[] parts = text.trim().split("-");
		if (parts.length != 2 || !parts[0].matches("\\d{1,19}") || !parts[1].matches("\\d{1,19}")) {
			return Optional.empty();
		}
		try {
			return Optional.of(new FeedCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	public int compareTo(FeedCursor other) {
		int byXid = Long.compare(xid, other.xid);
		return byXid != 0 ? byXid : Long.compare(id, other.id);
	}

	@Override
	public String toString() {
		return xid + "-" + id;
	}

}
