package io.tripdesk.shared;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tripdesk.shared.database.RedoableWork;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedoableWorkIntegrationTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	AsyncTaskExecutor listenerExecutor;

	@Autowired
	AsyncProbe asyncThread;

	@Test
	void redoableWorkCommitsWithoutWaitingForTheDiskAndEverythingElseDurably() throws Exception {
		assertThat(synchronousCommit()).isEqualTo("on");
		assertThat(RedoableWork.call(this::synchronousCommit)).isEqualTo("off");
		assertThat(synchronousCommit()).as("the setting ends with its transaction").isEqualTo("on");

		String onListenerThread = listenerExecutor.submit(this::synchronousCommit).get(10, TimeUnit.SECONDS);
		assertThat(onListenerThread).as("asynchronous event listeners are redoable").isEqualTo("off");
		assertThat(asyncThread.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
			.as("@Async and event listeners run on the application task executor").startsWith("event-");
	}

	private String synchronousCommit() {
		return new TransactionTemplate(transactionManager)
			.execute(status -> jdbc.sql("SHOW synchronous_commit").query(String.class).single());
	}

	/** Runs its work the way asynchronous event listeners are run. */
	@TestConfiguration
	static class AsyncProbe {

		@Async
		<T> Future<T> submit(Callable<T> work) throws Exception {
			return CompletableFuture.completedFuture(work.call());
		}

	}

}
