package io.tripdesk.analytics.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.tripdesk.shared.AgencyProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How a response time is measured and grouped. The time counts from the conversation's opening to the
 * agency's first reply by a person; with business hours configured, only time within them counts (a
 * Saturday-night message answered at 09:05 on Monday waited 5 minutes). Times are kept in fine buckets,
 * so a median is exact to the bucket's width: 15 s under 2 minutes, at most a quarter of the value beyond
 * (up to a week; longer waits share one bucket).
 */
@Component
class ResponseTimes {

	/** WhatsApp's customer service window: a customer writing after this much silence reopens the conversation. */
	static final Duration SERVICE_WINDOW = Duration.ofHours(24);

	/** Lower bounds of the fine buckets, in seconds; the last one is open-ended. */
	static final long[] BOUNDS = { 0, 15, 30, 45, 60, 75, 90, 105, 120, 150, 180, 210, 240, 300, 360, 420, 480, 600,
			720, 900, 1080, 1200, 1500, 1800, 2100, 2400, 3000, 3600, 4500, 5400, 6300, 7200, 9000, 10800, 12600, 14400,
			18000, 21600, 25200, 28800, 36000, 43200, 54000, 64800, 75600, 86400, 108000, 129600, 151200, 172800, 216000,
			259200, 302400, 345600, 432000, 518400, 604800 };

	static final String BUCKET_METRIC = "wa_response_bucket_";

	/** The buckets the response-time chart shows, each a run of fine buckets. */
	record DisplayBucket(String label, long fromSeconds, long untilSeconds) {
	}

	static final List<DisplayBucket> DISPLAY = List.of(new DisplayBucket("< 1 min", 0, 60),
			new DisplayBucket("1–5 min", 60, 300), new DisplayBucket("5–15 min", 300, 900),
			new DisplayBucket("15–30 min", 900, 1800), new DisplayBucket("30–60 min", 1800, 3600),
			new DisplayBucket("1–4 h", 3600, 14400), new DisplayBucket("4–24 h", 14400, 86400),
			new DisplayBucket("24 h or more", 86400, Long.MAX_VALUE));

	static final String UNANSWERED = "No reply yet";

	private final ZoneId zone;

	private final long targetSeconds;

	private final AgencyProperties.@Nullable BusinessHours hours;

	ResponseTimes(AgencyProperties agency) {
		this.zone = agency.timeZone();
		this.targetSeconds = agency.responseTimeTarget().toSeconds();
		this.hours = agency.businessHours();
	}

	long targetSeconds() {
		return targetSeconds;
	}

	ZoneId zone() {
		return zone;
	}

	/** Whole seconds from {@code from} to {@code to}, only within business hours when they are configured. */
	long seconds(Instant from, Instant to) {
		if (hours == null) {
			return Duration.between(from, to).toMillis() / 1000;
		}
		long millis = 0;
		LocalDate last = LocalDate.ofInstant(to, zone);
		for (LocalDate day = LocalDate.ofInstant(from, zone); !day.isAfter(last); day = day.plusDays(1)) {
			if (!hours.days().contains(day.getDayOfWeek())) {
				continue;
			}
			Instant open = day.atTime(hours.start()).atZone(zone).toInstant();
			Instant close = day.atTime(hours.end()).atZone(zone).toInstant();
			Instant start = from.isAfter(open) ? from : open;
			Instant end = to.isBefore(close) ? to : close;
			if (end.isAfter(start)) {
				millis += Duration.between(start, end).toMillis();
			}
		}
		return millis / 1000;
	}

	static int bucket(long seconds) {
		int bucket = 0;
		while (bucket + 1 < BOUNDS.length && BOUNDS[bucket + 1] <= seconds) {
			bucket++;
		}
		return bucket;
	}

	static String bucketMetric(int bucket) {
		return BUCKET_METRIC + String.format("%02d", bucket);
	}

	static int bucketOf(String metric) {
		return Integer.parseInt(metric.substring(BUCKET_METRIC.length()));
	}

	/**
	 * The median of a histogram of fine buckets, interpolated within the bucket holding the middle value
	 * (the open-ended last bucket gives its lower bound); null when the histogram is empty.
	 */
	static @Nullable Long median(long[] counts) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		if (total == 0) {
			return null;
		}
		double half = total / 2.0;
		long below = 0;
		for (int bucket = 0; bucket < counts.length; bucket++) {
			if (counts[bucket] > 0 && below + counts[bucket] >= half) {
				if (bucket + 1 == BOUNDS.length) {
					return BOUNDS[bucket];
				}
				double width = BOUNDS[bucket + 1] - BOUNDS[bucket];
				return Math.round(BOUNDS[bucket] + width * (half - below) / counts[bucket]);
			}
			below += counts[bucket];
		}
		throw new IllegalStateException("unreachable: the counts add up to " + total);
	}

}
