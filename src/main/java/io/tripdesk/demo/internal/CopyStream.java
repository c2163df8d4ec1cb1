package io.tripdesk.demo.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyManager;

/**
 * Runs the COPY statements of one connection, in the order given, on a thread of their own: PostgreSQL
 * loads one batch while the generator makes the next, which about halves the time on two cores. A few
 * batches wait at most, so memory stays bounded; the first failure is rethrown to the generator.
 */
final class CopyStream implements AutoCloseable {

	private static final int WAITING_BATCHES = 3;

	private final CopyManager copy;

	private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "demo-data-copy");
		thread.setDaemon(true);
		return thread;
	});

	private final Semaphore room = new Semaphore(WAITING_BATCHES);

	private volatile @Nullable RuntimeException failure;

	CopyStream(CopyManager copy) {
		this.copy = copy;
	}

	void copy(String sql, String rows) {
		rethrow();
		room.acquireUninterruptibly();
		worker.execute(() -> {
			try {
				if (failure == null) {
					copy.copyIn(sql, new StringReader(rows));
				}
			}
			catch (java.sql.SQLException | IOException | RuntimeException ex) {
				failure = new IllegalStateException("COPY failed: " + sql, ex);
			}
			finally {
				room.release();
			}
		});
	}

	/** Waits until every batch is in; the connection is free for other statements afterwards. */
	@Override
	public void close() {
		worker.shutdown();
		try {
			if (!worker.awaitTermination(1, TimeUnit.HOURS)) {
				throw new IllegalStateException("COPY did not finish within an hour");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for COPY", ex);
		}
		rethrow();
	}

	private void rethrow() {
		RuntimeException failed = failure;
		if (failed != null) {
			throw failed;
		}
	}

}
