package io.tripdesk.demo.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.sql.DataSource;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.tripdesk.demo.internal.AgencyCatalog.Ad;
import io.tripdesk.demo.internal.AgencyCatalog.Market;
import io.tripdesk.demo.internal.AgencyCatalog.TripTemplate;
import io.tripdesk.demo.internal.Conversation.Message;
import io.tripdesk.demo.internal.Departures.Departure;
import io.tripdesk.demo.internal.LeadStory.Booking;
import io.tripdesk.demo.internal.LeadStory.StageStep;
import io.tripdesk.shared.AgencyProperties;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generates a travel agency from a seed: agents, a trip catalogue, and leads arriving over the past
 * days from every source, each walked through the pipeline with its timeline, its WhatsApp
 * conversation, its booking and its agent's follow-up tasks, the way a season at a real agency looks.
 * Rows are what the live code would have stored for the same story. The same seed and size give the
 * same agency.
 */
@Component
class AgencyGenerator {

	private static final Logger log = LoggerFactory.getLogger(AgencyGenerator.class);

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	/** Conversations whose customer wrote last within this time are still unread. */
	private static final Duration UNREAD_FOR = Duration.ofDays(2);

	/** How long a booking stays pending while the customer negotiates. */
	private static final Duration PENDING_FOR = Duration.ofDays(45);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private static final String[] TABLES_WITH_IDS = { "app_user", "trip", "lead", "lead_event", "whatsapp_message",
			"booking", "task" };

	private static final List<String> TABLES_LOADED = List.of("trip", "lead", "lead_event", "whatsapp_message",
			"whatsapp_conversation", "booking", "task", "lead_search_term");

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final AgencyProperties agency;

	AgencyGenerator(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction, AgencyProperties agency) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.agency = agency;
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
			Run run;
			try {
				run = new Run(size, connection.unwrap(PGConnection.class));
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not generate the demo agency", ex);
			}
			run.write();
			log.info("Demo agency generated leads={} days={} seed={} events={} messages={} bookings={} tasks={} "
					+ "loadMillis={} indexMillis={} millis={}", size.leads(), size.days(), size.seed(), run.eventRows,
					run.messageRows, run.bookingRows, run.taskRows, run.loadMillis, run.indexMillis,
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			return true;
		});
		return Boolean.TRUE.equals(generated);
	}

	/** One generation: the random source, the ids handed out and the writers. */
	private final class Run {

		private final DemoProperties size;

		private final PGConnection connection;

		private final SplittableRandom random;

		private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		private final ZoneId zone = agency.timeZone();

		private final LocalDate today = LocalDate.ofInstant(now, zone);

		private final String currency = agency.currency();

		private final List<Long> agentIds = new ArrayList<>();

		private final List<String> agentNames = new ArrayList<>();

		private final Map<String, Integer> phoneCounters = new HashMap<>();

		private final Map<String, PhoneNumber> examplePhones = new HashMap<>();

		private final Map<String, TripTemplate> templates = new HashMap<>();

		private final int[] marketWeights = AgencyCatalog.MARKETS.stream().mapToInt(Market::weight).toArray();

		private final FollowUps followUps;

		private @Nullable Departures departures;

		private long leadId;

		private long eventId;

		private long messageId;

		private long bookingId;

		/**
		 * Recent negotiations and lost negotiations seen so far: every second of the first holds a pending
		 * booking and every third of the second cancelled one, counted rather than drawn so that even a small
		 * agency shows each kind of booking whatever day it is generated on.
		 */
		private int recentNegotiations;

		private int lostNegotiations;

		private long taskId;

		long eventRows;

		long messageRows;

		long bookingRows;

		long taskRows;

		long loadMillis;

		long indexMillis;

		private @Nullable Tables tables;

		Run(DemoProperties size, PGConnection connection) {
			this.size = size;
			this.connection = connection;
			this.random = new SplittableRandom(size.seed());
			this.followUps = new FollowUps(random, now);
			AgencyCatalog.TRIPS.forEach(template -> templates.put(template.code(), template));
		}

		void write() {
			writeAgents();
			long tripId = nextId("trip");
			leadId = nextId("lead");
			eventId = nextId("lead_event");
			messageId = nextId("whatsapp_message");
			bookingId = nextId("booking");
			taskId = nextId("task");
			departures = Departures.plan(size.leads(), size.days(), today, tripId);
			BulkLoad load = BulkLoad.begin(jdbc, TABLES_LOADED);
			long started = System.nanoTime();
			// COPY runs beside the generation; the connection takes no other statement until it is done.
			try (CopyStream stream = new CopyStream(copyManager()); Tables tables = new Tables(stream)) {
				this.tables = tables;
				departures.write(tables.trips, currency, today, now, zone);
				for (int i = 0; i < size.leads(); i++) {
					writeLead(i);
				}
				for (int i = 0; i < Math.max(4, size.leads() / 250); i++) {
					Long agent = random.nextInt(100) < 80 ? agentIds.get(random.nextInt(agentIds.size())) : null;
					writeTask(followUps.office(agent, now.minus(random.nextLong(Math.max(1, size.days()) * 86_400L),
							ChronoUnit.SECONDS)), null, null);
				}
				eventRows = tables.events.rows();
				messageRows = tables.messages.rows();
				bookingRows = tables.bookings.rows();
				taskRows = tables.tasks.rows();
			}
			loadMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			load.finish();
			indexMillis = Duration.ofNanos(System.nanoTime() - started).toMillis() - loadMillis;
			// Seats are what the confirmed bookings hold, as the booking service keeps them.
			jdbc.sql("""
					UPDATE trip t SET seats_booked = b.seats, updated_at = greatest(t.updated_at, b.last)
					  FROM (SELECT trip_id, sum(travelers) AS seats, max(confirmed_at) AS last FROM booking
					         WHERE status = 'confirmed' GROUP BY trip_id) b
					 WHERE t.id = b.trip_id""").update();
			for (String table : TABLES_WITH_IDS) {
				jdbc.sql("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
						+ "greatest((SELECT max(id) FROM " + table + "), 1))").query(Long.class).single();
			}
		}

		private org.postgresql.copy.CopyManager copyManager() {
			try {
				return connection.getCopyAPI();
			}
			catch (SQLException ex) {
				throw new IllegalStateException("No COPY on this connection", ex);
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
				agentNames.add(name);
			}
		}

		private void writeLead(int index) {
			CopyWriter leads = tables().leads;
			long id = leadId++;
			Market market = pick(AgencyCatalog.MARKETS, marketWeights);
			String first = market.firstNames().get(random.nextInt(market.firstNames().size()));
			String last = market.lastNames().get(random.nextInt(market.lastNames().size()));
			String source = pick(AgencyCatalog.SOURCES, AgencyCatalog.SOURCE_WEIGHTS);
			boolean whatsapp = source.startsWith("whatsapp");
			Instant created = arrival();
			String phone = phone(market.region());
			Ad ad = source.equals("whatsapp_ad") ? AgencyCatalog.ADS.get(random.nextInt(AgencyCatalog.ADS.size())) : null;
			TripTemplate template = ad != null ? templates.get(ad.tripCode())
					: random.nextInt(100) < 70 ? AgencyCatalog.TRIPS.get(random.nextInt(AgencyCatalog.TRIPS.size())) : null;
			int travelers = 1 + (random.nextInt(100) < 55 ? 1 : random.nextInt(5));
			List<StageStep> path = walk(created);
			// Whoever moved a lead on works on it; some new ones wait for an agent.
			int agentIndex = skewedIndex(agentIds.size());
			Long agent = path.size() > 1 || random.nextInt(100) < 70 ? agentIds.get(agentIndex) : null;
			Departure wished = template == null ? null
					: departures().interest(template, LocalDate.ofInstant(created, zone).plusDays(14 + skewedDays(136)));
			Booking booking = wished == null ? null : booking(wished, path, travelers);
			Departure trip = booking != null ? booking.trip() : wished;
			String referral = ad == null ? null : referral(ad, index);
			LeadStory story = new LeadStory(id, first, first + " " + last, source, created, path, agent,
					agentIds.get(agentIndex), agentNames.get(agentIndex), trip, travelers, referral, booking);
			List<Message> chat = whatsapp ? Conversation.of(story, random, now, agency.name(), currency) : List.of();
			Replies replies = Replies.of(chat, now, agency.responseTimeTarget());

			StageStep current = story.current();
			BigDecimal value = trip == null ? null : trip.template().price().multiply(BigDecimal.valueOf(travelers));
			String email = source.equals("whatsapp") && random.nextBoolean() ? null
					: (first + "." + last).toLowerCase().replace(' ', '-') + index + "@example.com";
			String lostReason = current.stage().equals("lost")
					? AgencyCatalog.LOST_REASONS.get(random.nextInt(AgencyCatalog.LOST_REASONS.size())) : null;
			leads.row().value(id).value(story.name()).value(phone).value(whatsapp ? phone.substring(1) : null)
				.value(email).value(source).value(current.stage()).value(agent).value(trip == null ? null : trip.id())
				.value(trip == null ? null : trip.template().destination()).value(trip == null ? null : trip.start())
				.value(trip == null ? null : trip.end()).value(travelers)
				.value(value == null ? null
						: value.multiply(BigDecimal.valueOf(0.9 + random.nextDouble() * 0.4)).setScale(0, RoundingMode.HALF_UP))
				.value(value).value(tags())
				.value(random.nextInt(100) < 25 ? AgencyCatalog.NOTES.get(random.nextInt(AgencyCatalog.NOTES.size())) : null)
				.value(lostReason).value(referral).value(ad == null ? null : ad.id()).value(replies.lastInbound())
				.value(replies.lastOutbound()).value(replies.firstResponse()).value(replies.awaitingSince())
				.value(replies.alertedAt()).value(current.at()).value(created).value(current.at());
			leads.endRow();

			event(id, "created", Json.object().put("source", source).put("via", whatsapp ? "whatsapp" : null), null, created);
			for (int step = 1; step < path.size(); step++) {
				String to = path.get(step).stage();
				String note = to.equals("lost") ? lostReason
						: to.equals("won") && story.confirmed() ? "Booking " + booking.id() + " confirmed" : null;
				event(id, "stage_changed", Json.object().put("from", path.get(step - 1).stage()).put("to", to)
					.put("note", note), agent, path.get(step).at());
			}
			if (booking != null) {
				writeBooking(story, booking);
			}
			if (!chat.isEmpty()) {
				writeConversation(story, chat);
			}
			for (FollowUps.Task task : followUps.of(story)) {
				writeTask(task, id, agent);
			}
		}

		/**
		 * The lead's booking, if it got that far: a won lead confirmed one (on the departure it wanted, or the
		 * next with room), a lead in negotiation may have one pending, and some lost leads cancelled theirs.
		 */
		private @Nullable Booking booking(Departure wished, List<StageStep> path, int travelers) {
			StageStep current = path.get(path.size() - 1);
			StageStep negotiation = path.stream().filter(step -> step.stage().equals("negotiation")).findFirst()
				.orElse(null);
			if (negotiation == null) {
				return null;
			}
			switch (current.stage()) {
				case "won" -> {
					Departure booked = departures().book(wished, LocalDate.ofInstant(current.at(), zone).plusDays(7),
							travelers);
					return booked == null ? null : new Booking(bookingId++, booked, "confirmed",
							between(negotiation.at(), current.at()), current.at(), null);
				}
				case "negotiation" -> {
					// A recent negotiation may hold a pending booking; a long-stalled one does not.
					if (negotiation.at().isBefore(now.minus(PENDING_FOR)) || recentNegotiations++ % 2 != 0) {
						return null;
					}
					Instant created = between(negotiation.at(), now);
					// Still pending now, so its departure is still open.
					Departure trip = departures().withRoom(wished, later(today, LocalDate.ofInstant(created, zone)).plusDays(7),
							travelers);
					return trip == null ? null : new Booking(bookingId++, trip, "pending", created, null, null);
				}
				case "lost" -> {
					if (lostNegotiations++ % 3 != 0) {
						return null;
					}
					Instant created = between(negotiation.at(), current.at());
					Departure trip = departures().withRoom(wished, LocalDate.ofInstant(created, zone).plusDays(7), travelers);
					return trip == null ? null : new Booking(bookingId++, trip, "cancelled", created, null, current.at());
				}
				default -> {
					return null;
				}
			}
		}

		private void writeBooking(LeadStory lead, Booking booking) {
			Departure trip = booking.trip();
			BigDecimal amount = trip.template().price().multiply(BigDecimal.valueOf(lead.travelers())).setScale(2);
			Instant updated = booking.confirmedAt() != null ? booking.confirmedAt()
					: booking.cancelledAt() != null ? booking.cancelledAt() : booking.createdAt();
			tables().bookings.row().value(booking.id()).value(lead.id()).value(trip.id()).value(lead.travelers()).value(amount)
				.value(currency).value(booking.status())
				.value(random.nextInt(100) < 20 ? AgencyCatalog.NOTES.get(random.nextInt(AgencyCatalog.NOTES.size())) : null)
				.value(lead.agentId()).value(booking.createdAt()).value(updated).value(booking.confirmedAt())
				.value(booking.cancelledAt()).value(lead.agentId());
			tables().bookings.endRow();
			event(lead.id(), "booking_created", bookingPayload(booking, amount, lead.travelers(), "pending"),
					lead.agentId(), booking.createdAt());
			if (booking.confirmedAt() != null) {
				event(lead.id(), "booking_confirmed", bookingPayload(booking, amount, lead.travelers(), "confirmed"),
						lead.agentId(), booking.confirmedAt());
			}
			if (booking.cancelledAt() != null) {
				event(lead.id(), "booking_cancelled", bookingPayload(booking, amount, lead.travelers(), "cancelled"),
						lead.agentId(), booking.cancelledAt());
			}
		}

		private Json bookingPayload(Booking booking, BigDecimal amount, int travelers, String status) {
			Departure trip = booking.trip();
			return Json.object().put("booking_id", booking.id()).put("trip_id", trip.id()).put("trip_code", trip.code())
				.put("trip_title", trip.template().title()).put("travelers", travelers).raw("amount", amount.toPlainString())
				.put("currency", currency).put("status", status);
		}

		/** The messages as the webhook processor and the send worker store them, and the inbox row. */
		private void writeConversation(LeadStory lead, List<Message> chat) {
			String lastInboundWamid = null;
			Instant lastInbound = null;
			for (Message message : chat) {
				long id = messageId++;
				String wamid = wamid(id);
				tables().messages.row().value(id).value(wamid).value(lead.id()).value(message.inbound ? "in" : "out")
					.value(message.type).value(message.body).value(message.content).value(message.status())
					.value(message.statusRank()).value(message.inbound ? null : idempotencyKey(id)).value(message.sentBy)
					.value(message.byPerson).value(message.inbound ? 0 : 1).value(message.sentAt).value(message.deliveredAt)
					.value(message.readAt).value(message.at).value(message.at.plusMillis(150 + random.nextInt(900)));
				tables().messages.endRow();
				if (message.inbound) {
					lastInboundWamid = wamid;
					lastInbound = message.at;
					event(lead.id(), "message_in", Json.object().put("message_id", id).put("wamid", wamid)
						.put("type", message.type).put("preview", message.preview), null, message.at);
				}
				else {
					event(lead.id(), "message_out", Json.object().put("message_id", id).put("type", message.type)
						.put("preview", message.preview), message.sentBy, message.at);
				}
			}
			Message last = chat.get(chat.size() - 1);
			int unread = 0;
			if (last.inbound && last.at.isAfter(now.minus(UNREAD_FOR))) {
				for (int i = chat.size() - 1; i >= 0 && chat.get(i).inbound; i--) {
					unread++;
				}
			}
			tables().conversations.row().value(lead.id()).value(lead.agentId()).value(last.at).value(last.preview)
				.value(last.inbound ? "in" : "out").value(lastInbound).value(lastInboundWamid).value(unread);
			tables().conversations.endRow();
		}

		/** @param leadAgent the lead's assignee, whom the task is shown to with its lead */
		private void writeTask(FollowUps.Task task, @Nullable Long lead, @Nullable Long leadAgent) {
			long id = taskId++;
			Instant notified = task.overdue(now) ? later(task.dueAt().plusSeconds(30), now) : null;
			tables().tasks.row().value(id).value(task.title()).value(task.description()).value(task.dueAt()).value(task.priority())
				.value(task.status()).value(task.assignedTo()).value(lead).value(task.assignedTo())
				.value(task.completedAt()).value(notified).value(task.createdAt())
				.value(task.completedAt() != null ? task.completedAt() : task.createdAt()).value(leadAgent);
			tables().tasks.endRow();
			if (lead != null) {
				Json payload = Json.object().put("task_id", id).put("title", task.title())
					.put("due_at", task.dueAt().toString());
				event(lead, "task_created", payload, task.assignedTo(), task.createdAt());
				if (task.completedAt() != null) {
					event(lead, "task_completed", payload, task.assignedTo(), task.completedAt());
				}
			}
		}

		private void event(long lead, String type, Json payload, @Nullable Long actor, Instant at) {
			tables().events.row().value(eventId++).value(lead).value(type).value(payload).value(actor).value(at);
			tables().events.endRow();
		}

		/** Meta's message ids look like this; ours count up, which keeps the unique index cheap to fill. */
		private String wamid(long id) {
			return "wamid.HBgL" + hex(id, 11) + "FQIAERgS" + hex(mix(id), 16);
		}

		private static String hex(long value, int digits) {
			char[] text = new char[digits];
			for (int i = digits - 1; i >= 0; i--, value >>>= 4) {
				text[i] = HEX[(int) (value & 15)];
			}
			return new String(text);
		}

		private String idempotencyKey(long id) {
			return new UUID((id << 16) | 0x8000L, (mix(id) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L).toString();
		}

		private long mix(long id) {
			long z = id * 0x9E37_79B9_7F4A_7C15L + size.seed();
			z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
			return z ^ (z >>> 31);
		}

		/**
		 * The stages a lead went through, with when; older leads got further. Of those that negotiated, most were
		 * won and some lost; of the others that stalled, about half were lost.
		 */
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
				at = at.plus(Math.min(remaining / 2, 30 + random.nextLong(Math.max(1, Math.min(remaining / 2, 60 * 72)))),
						ChronoUnit.MINUTES);
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
				else if (roll < (reachedNegotiation ? 80 : 45)) {
					path.add(new StageStep("lost", decided));
				}
			}
			return path;
		}

		/** Busier lately (a growing agency), weekdays more than weekends, daytime in the agency's zone. */
		private Instant arrival() {
			double u = random.nextDouble();
			long dayBack = (long) (size.days() * (1 - Math.sqrt(u)));
			LocalDate day = today.minusDays(dayBack);
			if ((day.getDayOfWeek().getValue() >= 6) && random.nextInt(100) < 40) {
				day = day.minusDays(day.getDayOfWeek().getValue() - 5L);
			}
			Instant at = day.atTime(8 + random.nextInt(14), random.nextInt(60), random.nextInt(60)).atZone(zone).toInstant();
			return at.isAfter(now) ? now.minus(random.nextInt(3600) + 1L, ChronoUnit.SECONDS) : at;
		}

		/** A valid-looking mobile number of the market, unique by construction (its last digits count up). */
		private String phone(String region) {
			PhoneNumber example = examplePhones.computeIfAbsent(region,
					key -> PHONES.getExampleNumberForType(key, PhoneNumberType.MOBILE));
			int counter = phoneCounters.merge(region, 1, Integer::sum);
			String national = String.valueOf(example.getNationalNumber());
			String suffix = Long.toString(1_000_000 + (counter * 7919L) % 1_000_000).substring(1);
			String digits = national.substring(0, national.length() - 6) + suffix;
			PhoneNumber number = new PhoneNumber().setCountryCode(example.getCountryCode())
				.setNationalNumber(Long.parseLong(digits));
			return PHONES.format(number, PhoneNumberFormat.E164);
		}

		private String referral(Ad ad, int index) {
			return Json.object().put("source_id", ad.id())
				.put("source_url", "https://fb.me/" + Long.toString(Long.parseLong(ad.id()) % 100000, 36))
				.put("source_type", "ad").put("headline", ad.headline()).put("body", ad.body()).put("media_type", "image")
				.put("ctwa_clid", "ARA" + Long.toHexString(size.seed() * 31 + index)).toString();
		}

		private String tags() {
			if (random.nextInt(100) >= 30) {
				return "{}";
			}
			return "{\"" + AgencyCatalog.TAGS.get(random.nextInt(AgencyCatalog.TAGS.size())) + "\"}";
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

		/** Most people plan a few weeks ahead, some months. */
		private long skewedDays(int most) {
			return (long) (most * random.nextDouble() * random.nextDouble());
		}

		private Instant between(Instant from, Instant to) {
			long seconds = Duration.between(from, to).toSeconds();
			return seconds <= 1 ? from : from.plusSeconds(1 + random.nextLong(seconds));
		}

		private long nextId(String table) {
			return jdbc.sql("SELECT coalesce(max(id), 0) + 1 FROM " + table).query(Long.class).single();
		}

		private Departures departures() {
			return Objects.requireNonNull(departures);
		}

		private Tables tables() {
			return Objects.requireNonNull(tables, "written only while loading");
		}

	}

	/** The tables being loaded; closing flushes them, children before parents (each flushes its parent first). */
	private static final class Tables implements AutoCloseable {

		final CopyWriter trips;

		final CopyWriter leads;

		final CopyWriter events;

		final CopyWriter messages;

		final CopyWriter conversations;

		final CopyWriter bookings;

		final CopyWriter tasks;

		Tables(CopyStream stream) {
			trips = new CopyWriter(stream, "trip", "id, code, title, destination, description, start_date, end_date, price, "
					+ "currency, capacity, status, created_at, updated_at");
			leads = new CopyWriter(stream, "lead", "id, name, phone_e164, wa_id, email, source, stage, assigned_to, trip_id, "
					+ "destination, travel_start, travel_end, travelers, budget, expected_value, tags, notes, lost_reason, "
					+ "referral, ad_id, last_inbound_at, last_outbound_at, first_response_at, awaiting_reply_since, "
					+ "reply_alerted_at, stage_changed_at, created_at, updated_at", trips);
			events = new CopyWriter(stream, "lead_event", "id, lead_id, type, payload, actor_id, created_at", leads);
			messages = new CopyWriter(stream, "whatsapp_message", "id, wamid, lead_id, direction, type, body, content, "
					+ "status, status_rank, idempotency_key, sent_by, by_person, attempts, sent_at, delivered_at, read_at, "
					+ "created_at, stored_at", leads);
			conversations = new CopyWriter(stream, "whatsapp_conversation", "lead_id, assigned_to, last_message_at, "
					+ "last_message_preview, last_direction, last_inbound_at, last_inbound_wamid, unread_count", leads);
			bookings = new CopyWriter(stream, "booking", "id, lead_id, trip_id, travelers, amount, currency, status, notes, "
					+ "created_by, created_at, updated_at, confirmed_at, cancelled_at, lead_assigned_to", leads);
			tasks = new CopyWriter(stream, "task", "id, title, description, due_at, priority, status, assigned_to, lead_id, "
					+ "created_by, completed_at, overdue_notified_at, created_at, updated_at, lead_assigned_to", leads);
		}

		@Override
		public void close() {
			for (CopyWriter writer : List.of(tasks, bookings, conversations, messages, events, leads, trips)) {
				writer.close();
			}
		}

	}

	private static <T extends Comparable<? super T>> T later(T a, T b) {
		return a.compareTo(b) >= 0 ? a : b;
	}

}
