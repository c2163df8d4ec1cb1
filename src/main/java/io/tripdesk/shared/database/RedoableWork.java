package io.tripdesk.shared.database;

import java.util.function.Supplier;

import org.springframework.core.task.TaskDecorator;

/**
 * Marks work whose transactions may be lost in a database crash because it is done again afterwards:
 * processing a stored webhook notification (the inbox keeps it until it is marked processed),
 * application events handled asynchronously (the publication registry republishes what was not marked
 * complete), and session bookkeeping (at worst a user signs in again). Such transactions commit without waiting for their WAL to reach the disk
 * ({@code synchronous_commit = off}): a crash can then lose their last fraction of a second, never their
 * consistency, and what is lost is redone. Everything a client was told succeeded, like an acknowledged
 * webhook or a saved lead, still commits durably.
 */
public final class RedoableWork {

	private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

	private RedoableWork() {
	}

	public static <T> T call(Supplier<T> work) {
		boolean outer = ACTIVE.get();
		ACTIVE.set(true);
		try {
			return work.get();
		}
		finally {
			ACTIVE.set(outer);
		}
	}

	/** Whether the current thread is doing redoable work. */
	static boolean active() {
		return ACTIVE.get();
	}

	/** Runs every task of an executor as redoable work. */
	public static TaskDecorator decorator() {
		return task -> () -> call(() -> {
			task.run();
			return null;
		});
	}

}
