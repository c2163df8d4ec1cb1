package io.tripdesk.notifications.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tripdesk.analytics.MetricsUpdated;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LiveEventStoreIntegrationTests extends IntegrationTest {

	@Autowired
	LiveEventStore store;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	JsonMapper json;

	@Test
	void aDomainEventsMessageIsWrittenInThePublishingTransactionAndGoesWithIt() {
		MetricsUpdated event = new MetricsUpdated(1, 2, BigDecimal.TEN, BigDecimal.ONE, 3, 424242, Instant.now());
		String key = LiveEventProducer.dedupeKey("metrics_updated", event);

		new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
			publisher.publishEvent(event);
			assertThat(countWithKey(key)).as("in the publishing transaction, before it commits").isOne();
			status.setRollbackOnly();
		});

		assertThat(countWithKey(key)).as("rolled back with it").isZero();
	}

	private long countWithKey(String key) {
		return jdbc.sql("SELECT count(*) FROM live_event WHERE dedupe_key = ?").param(key).query(Long.class).single();
	}

	@Test
	void theFeedIsReadInTransactionOrderWhenTransactionIdsGrowADigit() {
		// Written as text, "10" sorts before "9": the feed must order by the transaction id itself.
		jdbc.sql("""
				INSERT INTO live_event (xid, dedupe_key, type, payload)
				VALUES (CAST('9' AS xid8), 'digits-9', 'digits', '{}'), (CAST('10' AS xid8), 'digits-10', 'digits', '{}')""")
			.update();
		try {
			List<LiveEvent> next = store.readAfter(new FeedCursor(8, 0), 2).events();

			assertThat(next).extracting(event -> event.cursor().xid()).containsExactly(9L, 10L);
		}
		finally {
			jdbc.sql("DELETE FROM live_event WHERE type = 'digits'").update();
		}
	}

	@Test
	void eventsBehindAnOpenTransactionAreHeldBackAndSaidToBe() throws Exception {
		FeedCursor from = store.head();
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		CountDownLatch older = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread open = new Thread(() -> transactions.executeWithoutResult(status -> {
			jdbc.sql("SELECT pg_current_xact_id()").query(Object.class).single();
			older.countDown();
			awaitQuietly(release);
		}));
		open.start();
		try {
			assertThat(older.await(10, TimeUnit.SECONDS)).isTrue();
			transactions.executeWithoutResult(status -> store.append(new LiveEventStore.Draft("held-back-1", "held",
					json.createObjectNode(), null, null, null, null)));

			LiveEventStore.FeedPage page = store.readAfter(from, 10);
			assertThat(page.events()).extracting(LiveEvent::message).noneMatch(m -> m.contains("\"held\""));
			assertThat(page.heldBack()).isTrue();
		}
		finally {
			release.countDown();
			open.join(10_000);
		}
		try {
			// Once it ended; the test's other background transactions may hold the event back a moment longer.
			Instant deadline = Instant.now().plusSeconds(5);
			LiveEventStore.FeedPage page = store.readAfter(from, 10);
			while (page.heldBack() && Instant.now().isBefore(deadline)) {
				Thread.sleep(10);
				page = store.readAfter(from, 10);
			}
			assertThat(page.heldBack()).isFalse();
			assertThat(page.events()).extracting(LiveEvent::message).anyMatch(m -> m.contains("\"held\""));
		}
		finally {
			jdbc.sql("DELETE FROM live_event WHERE type = 'held'").update();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
