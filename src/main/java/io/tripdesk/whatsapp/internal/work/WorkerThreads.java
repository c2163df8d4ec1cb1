package io.tripdesk.whatsapp.internal.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that drain a queue kept in the database: at once when this node stored new work, otherwise
 * every quarter second (for work from other nodes, retries that fell due, and leases of a dead node).
 * {@code drain} handles what is due and says how much it did.
 */
public final class WorkerThreads {

	private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

	private static final long IDLE_WAIT_MILLIS = 250;

	private final String name;

	private final int count;

	private final IntSupplier drain;

	private final Semaphore wakeUp = new Semaphore(0);

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	public WorkerThreads(String name, int count, IntSupplier drain) {
		this.name = name;
		this.count = count;
		this.drain = drain;
	}

	public synchronized void start() {
		running = true;
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(this::loop, name + "-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
	}

	public synchronized void stop() {
		running = false;
		threads.forEach(Thread::interrupt);
		threads.clear();
	}

	public boolean running() {
		return running;
	}

	/** New work was stored on this node: do not wait for the next look. */
	public void wakeUp() {
		if (wakeUp.availablePermits() < count) {
			wakeUp.release();
		}
	}

	private void loop() {
		while (running) {
			try {
				if (drain.getAsInt() == 0) {
					wakeUp.tryAcquire(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (!running) {
					return;
				}
				log.warn("Worker {} could not claim work, retrying in a second: {}", name, ex.getMessage());
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
