package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboxWriterTests {

	/** The inbox's writes, recorded; the first one waits until it is let go. */
	static final class RecordingInbox extends WebhookInbox {

		final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());

		final CountDownLatch firstWriteStarted = new CountDownLatch(1);

		final CountDownLatch letFirstWriteGo = new CountDownLatch(1);

		volatile RuntimeException failure;

		RecordingInbox() {
			super(null);
		}

		@Override
		void storeAll(List<byte[]> bodies) {
			firstWriteStarted.countDown();
			try {
				letFirstWriteGo.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (failure != null) {
				throw failure;
			}
			groups.add(bodies.stream().map(body -> new String(body, StandardCharsets.UTF_8)).toList());
		}

	}

	final RecordingInbox inbox = new RecordingInbox();

	final InboxWriter writer = new InboxWriter(inbox);

	final ExecutorService posts = Executors.newFixedThreadPool(8);

	@AfterEach
	void stop() {
		inbox.letFirstWriteGo.countDown();
		writer.stop();
		posts.shutdownNow();
	}

	@Test
	void postsThatArriveWhileOneIsWrittenAreStoredTogetherAndEachAnsweredOnceStored() throws Exception {
		writer.start();
		Future<?> first = posts.submit(() -> writer.store(bytes("first")));
		assertThat(inbox.firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
		List<Future<?>> meanwhile = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String body = "meanwhile-" + i;
			meanwhile.add(posts.submit(() -> writer.store(bytes(body))));
		}
		Thread.sleep(200);
		assertThat(first.isDone()).as("answered only once stored").isFalse();

		inbox.letFirstWriteGo.countDown();
		first.get(5, TimeUnit.SECONDS);
		for (Future<?> post : meanwhile) {
			post.get(5, TimeUnit.SECONDS);
		}

		assertThat(inbox.groups).hasSize(2);
		assertThat(inbox.groups.get(0)).containsExactly("first");
		assertThat(inbox.groups.get(1)).containsExactlyInAnyOrder("meanwhile-0", "meanwhile-1", "meanwhile-2",
				"meanwhile-3", "meanwhile-4");
	}

	@Test
	void aFailedWriteIsReportedToEveryPostOfItsGroup() {
		inbox.failure = new IllegalStateException("database down");
		inbox.letFirstWriteGo.countDown();
		writer.start();

		assertThatThrownBy(() -> writer.store(bytes("lost?"))).isInstanceOf(InboxWriter.NotStored.class)
			.hasRootCauseMessage("database down");
		assertThat(inbox.groups).isEmpty();
	}

	@Test
	void aWriterThatIsNotRunningRefusesAtOnce() {
		assertThatThrownBy(() -> writer.store(bytes("too early"))).isInstanceOf(InboxWriter.NotStored.class);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
