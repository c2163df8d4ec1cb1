package io.tripdesk.notifications.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Carries the live feed to this node's sockets, whichever node wrote it: waits on PostgreSQL
 * {@code LISTEN} (the notification only says "something new"; events are read from the table, so a
 * payload of any size works) and, as a safety net, looks again every quarter second.
 */
@Component
class LiveFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

	private static final int WAIT_MILLIS = 250;

	/**
	 * How soon to look again while committed events wait behind an older open transaction: its commit
	 * wakes nobody unless it wrote to the feed itself, and the quarter second's wait would delay every
	 * event behind it by up to that much.
	 */
	private static final int HELD_BACK_MILLIS = 5;

	private static final int BATCH = 500;

	private final LiveEventStore store;

	private final LiveConnections connections;

	private final HikariDataSource dataSource;

	private volatile boolean running;

	private @Nullable Thread thread;

	private volatile FeedCursor cursor = FeedCursor.START;

	LiveFeed(LiveEventStore store, LiveConnections connections, HikariDataSource dataSource) {
		this.store = store;
		this.connections = connections;
		this.dataSource = dataSource;
	}

	/** The position up to which this node has delivered. */
	FeedCursor cursor() {
		return cursor;
	}

	@Override
	public void start() {
		cursor = store.head();
		running = true;
		thread = new Thread(this::run, "live-feed");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void stop() {
		running = false;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void run() {
		Connection listener = null;
		boolean heldBack = false;
		while (running) {
			try {
				if (listener == null || listener.isClosed()) {
					listener = listen();
				}
				listener.unwrap(PGConnection.class).getNotifications(heldBack ? HELD_BACK_MILLIS : WAIT_MILLIS);
				heldBack = deliverNew();
			}
			catch (SQLException ex) {
				if (running) {
					log.warn("Live feed lost its database connection, retrying: {}", ex.getMessage());
					close(listener);
					listener = null;
					pause();
				}
			}
			catch (RuntimeException ex) {
				if (running) {
					log.error("Live feed failed to deliver, retrying", ex);
					pause();
				}
			}
		}
		close(listener);
	}

	/** A connection of its own, outside the pool: LISTEN keeps it for as long as the node runs. */
	private Connection listen() throws SQLException {
		Connection connection = DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
				dataSource.getPassword());
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + LiveEventStore.CHANNEL);
		}
		return connection;
	}

	/** Delivers the stable events; returns whether committed ones wait for an older transaction to end. */
	private boolean deliverNew() {
		LiveEventStore.FeedPage page;
		do {
			page = store.readAfter(cursor, BATCH);
			for (LiveEvent event : page.events()) {
				connections.deliver(event);
				cursor = event.cursor();
			}
		}
		while (page.events().size() == BATCH);
		return page.heldBack();
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void close(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// already gone
			}
		}
	}

}
