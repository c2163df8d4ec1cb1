package io.tripdesk.demo.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.tripdesk.demo.internal.AgencyCatalog.Ad;
import io.tripdesk.demo.internal.AgencyCatalog.Market;
import io.tripdesk.demo.internal.AgencyCatalog.TripTemplate;
import io.tripdesk.shared.AgencyProperties;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates a travel agency from a seed: agents, a trip catalogue, and leads arriving over the past
 * days from every source, each walked through the pipeline with its timeline, the way a season at a
 * real agency looks. The same seed and size give the same agency.
 */
@Component
class AgencyGenerator {

	private static final Logger log = LoggerFactory.getLogger(AgencyGenerator.class);

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final ZoneId zone;

	private final String currency;

	AgencyGenerator(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction, JsonMapper json,
			AgencyProperties agency) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.json = json;
		this.zone = agency.timeZone();
		this.currency = agency.currency();
	}

	/** Fills the database in one transaction; does nothing (and says so) if it already has leads. */
	boolean generate(DemoProperties size) {
		Boolean generated = transaction.execute(status -> {
			// Two nodes starting at once with the switch on: one generates, the other then finds leads.
			jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('tripdesk-demo-data'))").query(Object.class).single();
			if (jdbc.sql("SELECT count(*) FROM lead").query(Long.class).single() > 0) {
				return false;
			}
			long started = System.nanoTime();
			Connection connection = DataSourceUtils.getConnection(dataSource);
			try {
				CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
				new Run(size, copy).write();
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not generate the demo agency", ex);
			}
			log.info("Demo agency generated leads={} days={} seed={} millis={}", size.leads(), size.days(),
					size.seed(), Duration.ofNanos(System.nanoTime() - started).toMillis());
			return true;
		});
		return Boolean.TRUE.equals(generated);
	}

	/** One generation: the random source and what has been made so far. */
	private final class Run {

		private final DemoProperties size;

		private final CopyManager copy;

		private final SplittableRandom random;

		private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		private final List<Long> agentIds = new ArrayList<>();

		private final List<TripRow> trips = new ArrayList<>();

		private final Map<String, Integer> phoneCounters = new HashMap<>();

		Run(DemoProperties size, CopyManager copy) {
			this.size = size;
			this.copy = copy;
			this.random = new SplittableRandom(size.seed());
		}

		void write() {
			writeAgents();
			writeTrips();
			writeLeads();
			for (String table : List.of("app_user", "trip", "lead", "lead_event")) {
				jdbc.sql("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
						+ "greatest((SELECT max(id) FROM " + table + "), 1))").query(Long.class).single();
			}
		}

		private void writeAgents() {
			String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder()
				.encode(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
			for (int i = 0; i < size.agents(); i++) {
				String name = AgencyCatalog.AGENTS.get(i % AgencyCatalog.AGENTS.size());
				String email = name.toLowerCase().replace(' ', '.') + (i >= AgencyCatalog.AGENTS.size() ? i : "")
						+ "@demo.tripdesk.local";
				long id = jdbc.sql("""
						INSERT INTO app_user (email, name, password_hash, role) VALUES (?, ?, ?, 'AGENT')
						ON CONFLICT (lower(email)) DO UPDATE SET name = EXCLUDED.name RETURNING id""")
					.params(email, name, hash).query(Long.class).single();
				agentIds.add(id);
			}
		}

		private void writeTrips() {
			long firstId = nextId("trip");
			int count = Math.max(AgencyCatalog.TRIPS.size(), size.leads() / 5000);
			LocalDate today = LocalDate.ofInstant(now, zone);
			try (CopyWriter out = new CopyWriter(copy, "trip", "id, code, title, destination, description, "
					+ "start_date, end_date, price, currency, capacity, seats_booked, status, created_at, updated_at")) {
				for (int i = 0; i < count; i++) {
					TripTemplate template = AgencyCatalog.TRIPS.get(i % AgencyCatalog.TRIPS.size());
					int departure = i / AgencyCatalog.TRIPS.size();
					LocalDate start = today.plusDays(-35L + (long) i * 23 % 260 + departure * 7L);
					LocalDate end = start.plusDays(template.days() - 1L);
					String code = template.code() + "-" + start.getYear() % 100 + String.format("%02d", start.getMonthValue())
							+ (departure > 0 ? "-" + departure : "");
					String status = end.isBefore(today) ? "closed" : "open";
					TripRow trip = new TripRow(firstId + i, template, start, template.capacity());
					trips.add(trip);
					Instant created = now.minus(Math.min(size.days(), 120) + 10L, ChronoUnit.DAYS);
					out.row().value(trip.id()).value(code).value(template.title()).value(template.destination())
						.value(template.description()).value(start).value(end).value(template.price()).value(currency)
						.value(template.capacity()).value(0).value(status).value(created).value(created);
					out.endRow();
				}
			}
		}

		private void writeLeads() {
			long leadId = nextId("lead");
			long eventId = nextId("lead_event");
			try (CopyWriter leads = new CopyWriter(copy, "lead", "id, name, phone_e164, wa_id, email, source, stage, "
					+ "assigned_to, trip_id, destination, travel_start, travel_end, travelers, budget, expected_value, "
					+ "tags, notes, lost_reason, referral, ad_id, last_inbound_at, stage_changed_at, created_at, updated_at");
					CopyWriter events = new CopyWriter(copy, "lead_event",
							"id, lead_id, type, payload, actor_id, created_at", leads)) {
				for (int i = 0; i < size.leads(); i++) {
					long id = leadId + i;
					eventId = writeLead(id, i, leads, events, eventId);
				}
			}
		}

		private long writeLead(long id, int index, CopyWriter leads, CopyWriter events, long eventId) {
			Market market = pick(AgencyCatalog.MARKETS, AgencyCatalog.MARKETS.stream().mapToInt(Market::weight).toArray());
			String first = market.firstNames().get(random.nextInt(market.firstNames().size()));
			String last = market.lastNames().get(random.nextInt(market.lastNames().size()));
			String source = pick(AgencyCatalog.SOURCES, AgencyCatalog.SOURCE_WEIGHTS);
			boolean whatsapp = source.startsWith("whatsapp");
			Instant created = arrival();
			String phone = phone(market.region());
			Ad ad = source.equals("whatsapp_ad") ? AgencyCatalog.ADS.get(random.nextInt(AgencyCatalog.ADS.size())) : null;
			TripRow trip = ad != null ? tripFor(ad.tripCode()) : random.nextInt(100) < 70 ? trips.get(random.nextInt(trips.size())) : null;
			int travelers = 1 + (random.nextInt(100) < 55 ? 1 : random.nextInt(5));
			BigDecimal value = trip == null ? null : trip.template().price().multiply(BigDecimal.valueOf(travelers));
			Long assignee = random.nextInt(100) < 85 ? agentIds.get(skewedIndex(agentIds.size())) : null;

			List<StageStep> path = walk(created);
			StageStep current = path.get(path.size() - 1);
			String email = source.equals("whatsapp") && random.nextBoolean() ? null
					: (first + "." + last).toLowerCase().replace(' ', '-') + index + "@example.com";
			leads.row().value(id).value(first + " " + last).value(phone).value(whatsapp ? phone.substring(1) : null)
				.value(email).value(source).value(current.stage()).value(assignee).value(trip == null ? null : trip.id())
				.value(trip == null ? null : trip.template().destination())
				.value(trip == null ? null : trip.start()).value(trip == null ? null : trip.start().plusDays(trip.template().days() - 1L))
				.value(travelers).value(value == null ? null : value.multiply(BigDecimal.valueOf(0.9 + random.nextDouble() * 0.4)).setScale(0, java.math.RoundingMode.HALF_UP))
				.value(value).value(tags()).value(random.nextInt(100) < 25 ? AgencyCatalog.NOTES.get(random.nextInt(AgencyCatalog.NOTES.size())) : null)
				.value(current.stage().equals("lost") ? AgencyCatalog.LOST_REASONS.get(random.nextInt(AgencyCatalog.LOST_REASONS.size())) : null)
				.value(ad == null ? null : referral(ad, index)).value(ad == null ? null : ad.id())
				.value(whatsapp ? created : null).value(current.at()).value(created).value(current.at());
			leads.endRow();

			events.row().value(eventId++).value(id).value("created").value(json.writeValueAsString(Map.of("source", source)))
				.value(null).value(created);
			events.endRow();
			for (int step = 1; step < path.size(); step++) {
				events.row().value(eventId++).value(id).value("stage_changed")
					.value(json.writeValueAsString(Map.of("from", path.get(step - 1).stage(), "to", path.get(step).stage())))
					.value(assignee).value(path.get(step).at());
				events.endRow();
			}
			return eventId;
		}

		/** The stages a lead went through, with when; older leads got further, and half the stalled ones were lost. */
		private List<StageStep> walk(Instant created) {
			List<StageStep> path = new ArrayList<>();
			path.add(new StageStep("new", created));
			long ageHours = Duration.between(created, now).toHours();
			Instant at = created;
			int[] continuePercent = { 85, 70, 65, 60 };
			for (int step = 1; step < AgencyCatalog.PIPELINE.size(); step++) {
				long remaining = Duration.between(at, now).toMinutes();
				if (remaining < 60 || random.nextInt(100) >= continuePercent[step - 1]) {
					break;
				}
				at = at.plus(Math.min(remaining / 2, 30 + random.nextLong(Math.max(1, Math.min(remaining / 2, 60 * 72)))), ChronoUnit.MINUTES);
				path.add(new StageStep(AgencyCatalog.PIPELINE.get(step), at));
			}
			long remaining = Duration.between(at, now).toMinutes();
			if (ageHours > 24 * 5 && remaining > 60) {
				boolean reachedNegotiation = path.size() == AgencyCatalog.PIPELINE.size();
				int roll = random.nextInt(100);
				Instant decided = at.plus(30 + random.nextLong(Math.max(1, remaining / 2)), ChronoUnit.MINUTES);
				if (reachedNegotiation && roll < 55) {
					path.add(new StageStep("won", decided));
				}
				else if (roll < 45) {
					path.add(new StageStep("lost", decided));
				}
			}
			return path;
		}

		/** Busier lately (a growing agency), weekdays more than weekends, daytime in the agency's zone. */
		private Instant arrival() {
			double u = random.nextDouble();
			long dayBack = (long) (size.days() * (1 - Math.sqrt(u)));
			LocalDate day = LocalDate.ofInstant(now, zone).minusDays(dayBack);
			if ((day.getDayOfWeek().getValue() >= 6) && random.nextInt(100) < 40) {
				day = day.minusDays(day.getDayOfWeek().getValue() - 5L);
			}
			Instant at = day.atTime(8 + random.nextInt(14), random.nextInt(60), random.nextInt(60)).atZone(zone).toInstant();
			return at.isAfter(now) ? now.minus(random.nextInt(3600) + 1L, ChronoUnit.SECONDS) : at;
		}

		/** A valid-looking mobile number of the market, unique by construction (its last digits count up). */
		private String phone(String region) {
			PhoneNumber example = PHONES.getExampleNumberForType(region, PhoneNumberType.MOBILE);
			int counter = phoneCounters.merge(region, 1, Integer::sum);
			String national = String.valueOf(example.getNationalNumber());
			String suffix = String.format("%06d", (counter * 7919L) % 1_000_000);
			String digits = national.substring(0, national.length() - 6) + suffix;
			PhoneNumber number = new PhoneNumber().setCountryCode(example.getCountryCode())
				.setNationalNumber(Long.parseLong(digits));
			return PHONES.format(number, PhoneNumberFormat.E164);
		}

		private String referral(Ad ad, int index) {
			Map<String, String> referral = new HashMap<>();
			referral.put("source_id", ad.id());
			referral.put("source_url", "https://fb.me/" + Long.toString(Long.parseLong(ad.id()) % 100000, 36));
			referral.put("source_type", "ad");
			referral.put("headline", ad.headline());
			referral.put("body", ad.body());
			referral.put("media_type", "image");
			referral.put("ctwa_clid", "ARA" + Long.toHexString(size.seed() * 31 + index));
			return json.writeValueAsString(referral);
		}

		private String tags() {
			if (random.nextInt(100) >= 30) {
				return "{}";
			}
			return "{\"" + AgencyCatalog.TAGS.get(random.nextInt(AgencyCatalog.TAGS.size())) + "\"}";
		}

		private @Nullable TripRow tripFor(String code) {
			return trips.stream().filter(trip -> trip.template().code().equals(code)).findFirst().orElse(null);
		}

		private <T> T pick(List<T> values, int[] weights) {
			int total = 0;
			for (int weight : weights) {
				total += weight;
			}
			int roll = random.nextInt(total);
			for (int i = 0; i < weights.length; i++) {
				roll -= weights[i];
				if (roll < 0) {
					return values.get(i);
				}
			}
			return values.get(values.size() - 1);
		}

		/** Some agents carry more leads than others. */
		private int skewedIndex(int count) {
			return Math.min(count - 1, (int) (count * Math.pow(random.nextDouble(), 1.4)));
		}

		private long nextId(String table) {
			return jdbc.sql("SELECT coalesce(max(id), 0) + 1 FROM " + table).query(Long.class).single();
		}

	}

	private record TripRow(long id, TripTemplate template, LocalDate start, int capacity) {
	}

	private record StageStep(String stage, Instant at) {
	}

}
