package io.tripdesk.analytics.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tripdesk.shared.AgencyProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversations, response times and engagement of one lead, from its messages. */
class ConversationFiguresTests {

	private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

	private static final Instant T = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZONE).toInstant();

	private final ResponseTimes times = new ResponseTimes(
			new AgencyProperties("Test", ZONE, "EUR", Duration.ofMinutes(15), null));

	private final List<ConversationFigures.Message> messages = new ArrayList<>();

	private void in(Duration after) {
		messages.add(new ConversationFigures.Message(messages.size() + 1, T.plus(after), true, false, false, false));
	}

	private void out(Duration after, boolean byPerson, boolean delivered, boolean read) {
		messages.add(new ConversationFigures.Message(messages.size() + 1, T.plus(after), false, byPerson, delivered, read));
	}

	private long amount(LocalDate day, String metric) {
		return ConversationFigures.of(messages, times).amounts()
			.getOrDefault(new ConversationFigures.DayMetric(day, metric), 0L);
	}

	@Test
	void automatedRepliesDoNotAnswerAndTheFirstReplyByAPersonDoes() {
		in(Duration.ZERO);
		out(Duration.ofMinutes(1), false, true, true);
		in(Duration.ofMinutes(2));
		out(Duration.ofMinutes(20), true, true, false);
		out(Duration.ofMinutes(25), true, false, false);

		var figures = ConversationFigures.of(messages, times);

		assertThat(figures.cycles()).containsExactly(
				new ConversationFigures.Cycle(T, T.plus(Duration.ofMinutes(20)), 20 * 60L));
		LocalDate day = LocalDate.of(2026, 3, 2);
		assertThat(amount(day, ConversationFigures.CONVERSATIONS)).isEqualTo(1);
		assertThat(amount(day, ConversationFigures.WITHIN_TARGET)).isZero();
		assertThat(amount(day, ResponseTimes.bucketMetric(ResponseTimes.bucket(1200)))).isEqualTo(1);
		assertThat(amount(day, ConversationFigures.FIRST_CONTACTED)).isEqualTo(1);
		assertThat(amount(day, ConversationFigures.REPLIED_AFTER_CONTACT)).as("wrote at 10:02, after the automated 10:01")
			.isEqualTo(1);
		assertThat(amount(day, ConversationFigures.OUT_DELIVERED)).isEqualTo(2);
		assertThat(amount(day, ConversationFigures.OUT_READ)).isEqualTo(1);
	}

	@Test
	void aMessageAfter24HoursOfSilenceEitherWayReopensTheConversation() {
		in(Duration.ZERO);
		in(Duration.ofHours(23));
		out(Duration.ofHours(30), false, false, false);
		in(Duration.ofHours(50));
		in(Duration.ofHours(80));
		out(Duration.ofHours(80).plusMinutes(3), true, false, false);

		var figures = ConversationFigures.of(messages, times);

		assertThat(figures.cycles()).as("10:00 (never answered), 80 h later (3 min); 50 h came 20 h after the template")
			.containsExactly(new ConversationFigures.Cycle(T, null, null),
					new ConversationFigures.Cycle(T.plus(Duration.ofHours(80)), T.plus(Duration.ofHours(80).plusMinutes(3)),
							180L));
		assertThat(amount(LocalDate.of(2026, 3, 5), ConversationFigures.WITHIN_TARGET)).isEqualTo(1);
		assertThat(amount(LocalDate.of(2026, 3, 3), ConversationFigures.REPLIED_AFTER_CONTACT)).as("first contact at 16:00 next day")
			.isEqualTo(1);
	}

	@Test
	void theAgencyWritingFirstOpensNothingUntilTheCustomerWrites() {
		out(Duration.ZERO, true, true, false);

		var figures = ConversationFigures.of(messages, times);

		assertThat(figures.cycles()).isEmpty();
		assertThat(amount(LocalDate.of(2026, 3, 2), ConversationFigures.FIRST_CONTACTED)).isEqualTo(1);
		assertThat(amount(LocalDate.of(2026, 3, 2), ConversationFigures.REPLIED_AFTER_CONTACT)).isZero();
	}

	@Test
	void businessHoursCountOnlyOpeningTime() {
		var hours = new ResponseTimes(new AgencyProperties("Test", ZONE, "EUR", Duration.ofMinutes(15),
				new AgencyProperties.BusinessHours(LocalTime.of(9, 0), LocalTime.of(18, 0),
						Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
								DayOfWeek.FRIDAY))));
		Instant saturdayNight = ZonedDateTime.of(2026, 3, 7, 22, 0, 0, 0, ZONE).toInstant();
		Instant mondayMorning = ZonedDateTime.of(2026, 3, 9, 9, 5, 0, 0, ZONE).toInstant();
		Instant fridayAfternoon = ZonedDateTime.of(2026, 3, 6, 17, 50, 0, 0, ZONE).toInstant();

		assertThat(hours.seconds(saturdayNight, mondayMorning)).isEqualTo(5 * 60);
		assertThat(hours.seconds(fridayAfternoon, mondayMorning)).isEqualTo(15 * 60);
		assertThat(times.seconds(saturdayNight, mondayMorning)).isEqualTo(Duration.ofHours(35).plusMinutes(5).toSeconds());
	}

	@Test
	void theMedianIsExactToItsBucket() {
		assertThat(ResponseTimes.median(new long[ResponseTimes.BOUNDS.length])).isNull();
		long[] counts = new long[ResponseTimes.BOUNDS.length];
		for (long seconds : new long[] { 20, 95, 100, 700, 5000 }) {
			counts[ResponseTimes.bucket(seconds)]++;
		}
		long median = ResponseTimes.median(counts);
		assertThat(ResponseTimes.bucket(median)).as("100 s lies in [90, 105)").isEqualTo(ResponseTimes.bucket(100));
		for (int bucket = 1; bucket < ResponseTimes.BOUNDS.length; bucket++) {
			long width = ResponseTimes.BOUNDS[bucket] - ResponseTimes.BOUNDS[bucket - 1];
			assertThat(width).as("bucket %d", bucket).isLessThanOrEqualTo(Math.max(15, ResponseTimes.BOUNDS[bucket - 1] / 4));
		}
	}

}
