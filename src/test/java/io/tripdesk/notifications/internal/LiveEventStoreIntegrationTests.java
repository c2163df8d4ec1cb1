package io.tripdesk.notifications.internal;

import java.util.List;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class LiveEventStoreIntegrationTests extends IntegrationTest {

	@Autowired
	LiveEventStore store;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theFeedIsReadInTransactionOrderWhenTransactionIdsGrowADigit() {
		// Written as text, "10" sorts before "9": the feed must order by the transaction id itself.
		jdbc.sql("""
				INSERT INTO live_event (xid, dedupe_key, type, payload)
				VALUES (CAST('9' AS xid8), 'digits-9', 'digits', '{}'), (CAST('10' AS xid8), 'digits-10', 'digits', '{}')""")
			.update();
		try {
			List<LiveEvent> next = store.readAfter(new FeedCursor(8, 0), 2);

			assertThat(next).extracting(event -> event.cursor().xid()).containsExactly(9L, 10L);
		}
		finally {
			jdbc.sql("DELETE FROM live_event WHERE type = 'digits'").update();
		}
	}

}
