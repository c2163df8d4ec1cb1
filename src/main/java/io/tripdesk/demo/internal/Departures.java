package io.tripdesk.demo.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tripdesk.demo.internal.AgencyCatalog.TripTemplate;
import org.jspecify.annotations.Nullable;

/**
 * The trip catalogue: every template departs regularly from shortly after the first lead until half a
 * year ahead. Departures are sized to the demand, as an agency plans them: the more leads, the more
 * often a trip departs (up to daily) and then the larger its groups, so that confirmed bookings fill
 * them without ever holding more seats than they have.
 */
final class Departures {

	/** Confirmed seats per lead, roughly: about one lead in ten books, for 2.45 travellers on average. */
	private static final double SEATS_PER_LEAD = 0.24;

	/** How full an average departure is planned to be; busy ones fill up and send bookings to the next. */
	private static final double PLANNED_FILL = 0.7;

	/** Departures on sale ahead of today. */
	private static final int DAYS_AHEAD = 180;

	/** About how long before departure the seats are sold. */
	private static final int SOLD_DAYS_BEFORE = 45;

	private static final int LONGEST_INTERVAL_DAYS = 42;

	private static final DateTimeFormatter CODE_DATE = DateTimeFormatter.ofPattern("yyMMdd");

	record Departure(long id, int index, TripTemplate template, LocalDate start, int capacity) {

		LocalDate end() {
			return start.plusDays(template.days() - 1L);
		}

		String code() {
			return template.code() + "-" + start.format(CODE_DATE);
		}

	}

	private final Map<String, List<Departure>> byTemplate = new HashMap<>();

	private final List<Departure> all = new ArrayList<>();

	private int[] seatsBooked = new int[0];

	private Departures() {
	}

	/** Plans the departures of {@code leads} leads arriving over {@code days} days up to {@code today}. */
	static Departures plan(int leads, int days, LocalDate today, long firstId) {
		Departures departures = new Departures();
		int templates = AgencyCatalog.TRIPS.size();
		double seatsPerTemplateDay = SEATS_PER_LEAD * leads / Math.max(days, 1) / templates;
		LocalDate first = today.minusDays(Math.max(days - 14L, 0));
		LocalDate last = today.plusDays(DAYS_AHEAD);
		for (int t = 0; t < templates; t++) {
			TripTemplate template = AgencyCatalog.TRIPS.get(t);
			int interval = (int) Math.max(1, Math.min(LONGEST_INTERVAL_DAYS,
					template.capacity() * PLANNED_FILL / Math.max(seatsPerTemplateDay, 1e-9)));
			List<Departure> ofTemplate = new ArrayList<>();
			for (LocalDate start = first.plusDays((long) t * interval / templates); !start.isAfter(last); start = start
				.plusDays(interval)) {
				double wanted = leadsPerDay(leads, days, today, start.minusDays(SOLD_DAYS_BEFORE)) * SEATS_PER_LEAD
						/ templates * interval;
				int groups = (int) Math.max(1, Math.ceil(wanted / (template.capacity() * PLANNED_FILL)));
				Departure departure = new Departure(firstId + departures.all.size(), ofTemplate.size(), template, start,
						template.capacity() * groups);
				ofTemplate.add(departure);
				departures.all.add(departure);
			}
			departures.byTemplate.put(template.code(), ofTemplate);
		}
		departures.seatsBooked = new int[departures.all.size()];
		return departures;
	}

	/** Leads arrive more and more often (the agency grows): none at the start, twice the average today. */
	private static double leadsPerDay(int leads, int days, LocalDate today, LocalDate day) {
		long back = Math.max(0, ChronoUnit.DAYS.between(day, today));
		return back > days ? 0 : 2.0 * leads * (1 - (double) back / days) / days;
	}

	/** The departure a lead asks about: the first of the trip from the day they would like to leave. */
	Departure interest(TripTemplate template, LocalDate wished) {
		List<Departure> ofTemplate = byTemplate.get(template.code());
		return ofTemplate.get(Math.min(firstFrom(ofTemplate, wished), ofTemplate.size() - 1));
	}

	/**
	 * Holds seats on the wished departure or, when it is full or gone, the next one of the same trip that
	 * starts {@code earliest} or later and has room; null when none has.
	 */
	@Nullable
	Departure book(Departure wished, LocalDate earliest, int travelers) {
		Departure found = withRoom(wished, earliest, travelers);
		if (found != null) {
			seatsBooked[(int) (found.id() - all.get(0).id())] += travelers;
		}
		return found;
	}

	/** Like {@link #book} but holds nothing: for a booking still pending. */
	@Nullable
	Departure withRoom(Departure wished, LocalDate earliest, int travelers) {
		List<Departure> ofTemplate = byTemplate.get(wished.template().code());
		for (int i = Math.max(wished.index(), firstFrom(ofTemplate, earliest)); i < ofTemplate.size(); i++) {
			Departure candidate = ofTemplate.get(i);
			if (seatsBooked[(int) (candidate.id() - all.get(0).id())] + travelers <= candidate.capacity()) {
				return candidate;
			}
		}
		return null;
	}

	void write(CopyWriter out, String currency, LocalDate today, Instant now, ZoneId zone) {
		for (Departure departure : all) {
			TripTemplate template = departure.template();
			// Put on sale half a year or more before it departs, and at the latest a week ago.
			Instant created = departure.start().minusDays(200).atTime(9, 0).atZone(zone).toInstant();
			if (created.isAfter(now.minus(7, ChronoUnit.DAYS))) {
				created = now.minus(7, ChronoUnit.DAYS);
			}
			out.row().value(departure.id()).value(departure.code()).value(template.title()).value(template.destination())
				.value(template.description()).value(departure.start()).value(departure.end()).value(template.price())
				.value(currency).value(departure.capacity()).value(departure.end().isBefore(today) ? "closed" : "open")
				.value(created).value(created);
			out.endRow();
		}
	}

	private static int firstFrom(List<Departure> ofTemplate, LocalDate day) {
		int low = 0;
		int high = ofTemplate.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (ofTemplate.get(middle).start().isBefore(day)) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

}
