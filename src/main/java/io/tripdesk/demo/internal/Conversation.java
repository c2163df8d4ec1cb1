package io.tripdesk.demo.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.tripdesk.demo.internal.Departures.Departure;
import io.tripdesk.demo.internal.LeadStory.StageStep;
import org.jspecify.annotations.Nullable;

/**
 * A WhatsApp lead's conversation: the customer asks about a trip, the agent answers, qualifies, quotes
 * and closes, one exchange per stage the lead reached, at human speeds (an agent answers in minutes,
 * sometimes hours; customers take longer). The rules of the live app hold: outside the 24-hour window
 * the agent can only send an approved template, and nothing is later than now.
 */
final class Conversation {

	static final int MOST_MESSAGES = 15;

	private static final Duration WINDOW = Duration.ofHours(24);

	/** One message, with the statuses Meta reported for it (outbound only). */
	static final class Message {

		final boolean inbound;

		final String type;

		final String body;

		/** {@code whatsapp_message.content}, as the webhook processor or the send service store it. */
		final String content;

		final String preview;

		final Instant at;

		final boolean byPerson;

		final @Nullable Long sentBy;

		@Nullable Instant sentAt;

		@Nullable Instant deliveredAt;

		@Nullable Instant readAt;

		Message(boolean inbound, String type, String body, String content, String preview, Instant at, boolean byPerson,
				@Nullable Long sentBy) {
			this.inbound = inbound;
			this.type = type;
			this.body = body;
			this.content = content;
			this.preview = preview;
			this.at = at;
			this.byPerson = byPerson;
			this.sentBy = sentBy;
		}

		String status() {
			return inbound ? "received" : readAt != null ? "read" : deliveredAt != null ? "delivered" : "sent";
		}

		int statusRank() {
			return inbound ? 0 : readAt != null ? 40 : deliveredAt != null ? 30 : 20;
		}

	}

	private final LeadStory lead;

	private final SplittableRandom random;

	private final Instant now;

	private final String agency;

	private final String currency;

	private final List<Message> messages = new ArrayList<>();

	private Instant at;

	private @Nullable Instant lastInbound;

	private boolean over;

	private Conversation(LeadStory lead, SplittableRandom random, Instant now, String agency, String currency) {
		this.lead = lead;
		this.random = random;
		this.now = now;
		this.agency = agency;
		this.currency = currency;
		this.at = lead.created();
	}

	/** The lead's messages in the order they were written, with their statuses as of now. */
	static List<Message> of(LeadStory lead, SplittableRandom random, Instant now, String agency, String currency) {
		Conversation conversation = new Conversation(lead, random, now, agency, currency);
		conversation.tell();
		conversation.settleStatuses();
		return conversation.messages;
	}

	private void tell() {
		customer(lead.created(), opening());
		if (chance(40)) {
			automated(at.plusSeconds(3 + random.nextInt(20)), "Hi " + lead.firstName() + "! Thanks for writing to "
					+ agency + ". An agent will answer you shortly.");
		}
		agent(at.plus(agentDelay()), firstAnswer());
		if (chance(60)) {
			customer(at.plus(customerDelay()), travellers());
			if (chance(50)) {
				agent(at.plus(agentDelay()), "Perfect, noted. I'll check availability for " + lead.travelers()
						+ (lead.travelers() == 1 ? " traveller." : " travellers."));
			}
		}
		for (StageStep step : lead.path().subList(1, lead.path().size())) {
			Instant start = later(at.plusSeconds(60), step.at());
			switch (step.stage()) {
				case "contacted" -> {
					agent(start, qualifyingQuestion());
					customer(at.plus(customerDelay()), qualifyingAnswer());
				}
				case "qualified" -> {
					customer(start, "What's included in the price? Flights too?");
					agent(at.plus(agentDelay()), included());
					if (chance(50)) {
						customer(at.plus(customerDelay()), "Perfect, can you send me a proposal?");
					}
				}
				case "proposal_sent" -> {
					agent(start, proposal());
					customer(at.plus(customerDelay()), pick("Thanks! Let me check with my partner.",
							"Looks great! Is there a discount if we book early?", "Got it, I'll look at it tonight 🙂"));
				}
				case "negotiation" -> {
					customer(start, pick("Can you do a better price if we book this week?",
							"Could we get a room upgrade for the same price?",
							"Is it possible to pay half now and half next month?"));
					agent(at.plus(agentDelay()), pick(
							"I can offer a free airport transfer and 5% off if you confirm by Friday.",
							"Yes, a 30% deposit holds your seats and the rest is due 45 days before departure.",
							"I asked the hotel: the upgrade is possible for a small supplement of 90 per night."));
					if (chance(50)) {
						customer(at.plus(customerDelay()), "Ok, let me think about it and I'll come back to you.");
					}
				}
				case "won" -> won(start);
				case "lost" -> lost(later(at.plusSeconds(60), step.at().minus(Duration.ofMinutes(30))));
				default -> {
				}
			}
		}
	}

	private void won(Instant start) {
		if (lastInbound != null && Duration.between(lastInbound, start).compareTo(WINDOW) < 0) {
			agent(start, "Wonderful, " + lead.firstName() + "! Your seats are confirmed 🎉 You'll get the confirmation "
				+ "in a minute, and the travel documents closer to the date.");
		}
		LeadStory.Booking booking = lead.booking();
		if (lead.confirmed() && booking != null) {
			Departure trip = booking.trip();
			template(later(at, start).plusSeconds(30 + random.nextInt(90)), "booking_confirmation", false, null, lead.firstName(),
					trip.template().title(), money(total(trip)));
		}
		if (chance(70)) {
			customer(at.plus(customerDelay()), pick("Thank you so much! 🙌", "Amazing, thanks for everything!",
					"Great, we can't wait!"));
		}
	}

	private void lost(Instant start) {
		if (chance(50)) {
			customer(start, pick("Thanks for your help, but we've decided to travel next year instead.",
					"Sorry, we found something closer to our budget.", "We'll organise it on our own this time, thanks!"));
			agent(at.plus(agentDelay()), "Thanks for letting me know, " + lead.firstName()
					+ ". I'm here whenever you want to plan the next one!");
		}
		else {
			agent(start, "Hi " + lead.firstName() + ", just checking in: are you still thinking about "
					+ tripName() + "?");
		}
	}

	// The parties

	private void customer(Instant when, String text) {
		if (full(when)) {
			return;
		}
		String content = Json.object().put("body", text).raw("referral", messages.isEmpty() ? lead.referral() : null)
			.toString();
		add(new Message(true, "text", text, content, preview(text), when, false, null));
		lastInbound = when;
	}

	/** An agent's answer: free text inside the 24-hour window, the follow-up template outside it. */
	private void agent(Instant when, String text) {
		if (full(when)) {
			return;
		}
		if (lastInbound == null || Duration.between(lastInbound, when).compareTo(WINDOW) >= 0) {
			template(when, "trip_follow_up", true, lead.replierId(), lead.firstName(), tripName());
			return;
		}
		add(new Message(false, "text", text, outboundText(text), preview(text), when, true, lead.replierId()));
	}

	private void automated(Instant when, String text) {
		if (!full(when)) {
			add(new Message(false, "text", text, outboundText(text), preview(text), when, false, null));
		}
	}

	private void template(Instant when, String name, boolean byPerson, @Nullable Long sentBy, String... parameters) {
		if (full(when)) {
			return;
		}
		StringBuilder values = new StringBuilder("[");
		for (String parameter : parameters) {
			values.append(values.length() > 1 ? "," : "").append(Json.object().put("type", "text").put("text", parameter));
		}
		String template = Json.object().put("name", name).raw("language", Json.object().put("code", "en_US"))
			.raw("components", "[" + Json.object().put("type", "body").raw("parameters", values.append(']')) + "]")
			.toString();
		add(new Message(false, "template", name, Json.object().raw("template", template).toString(), "Template: " + name,
				when, byPerson, sentBy));
	}

	private boolean full(Instant when) {
		over = over || messages.size() >= MOST_MESSAGES || when.isAfter(now);
		return over;
	}

	private void add(Message message) {
		messages.add(message);
		at = message.at;
	}

	/** Meta accepts a send within seconds, delivers it, and the customer reads it before answering (most do). */
	private void settleStatuses() {
		Instant nextInbound = null;
		for (int i = messages.size() - 1; i >= 0; i--) {
			Message message = messages.get(i);
			if (message.inbound) {
				nextInbound = message.at;
				continue;
			}
			Instant sent = message.at.plusSeconds(1 + random.nextInt(3));
			Instant delivered = sent.plusSeconds(1 + random.nextInt(20));
			Instant read = nextInbound != null ? later(delivered, nextInbound.minusSeconds(5 + random.nextInt(60)))
					: chance(88) ? delivered.plus(customerDelay()) : null;
			message.sentAt = sent.isAfter(now) ? now : sent;
			message.deliveredAt = delivered.isAfter(now) ? null : delivered;
			message.readAt = read == null || read.isAfter(now) || message.deliveredAt == null ? null : read;
		}
	}

	// What they say

	private String opening() {
		Departure trip = lead.trip();
		if (trip == null) {
			return pick("Hi, we're looking for a trip in "
					+ month(LocalDate.ofInstant(lead.created(), ZoneOffset.UTC).plusMonths(2)) + ". What would you recommend?", "Hello! Do you organise trips for families?",
					"Hi there, we want to go somewhere warm for our honeymoon. Any ideas?");
		}
		String title = trip.template().title();
		if (lead.referral() != null) {
			return pick("Hi! I saw your ad about " + title + ". Is it still available?",
					"Hello, I'd like more info about " + title + " please", "Hi 👋 how much is " + title + "?");
		}
		return pick("Hello, I'm interested in " + title + " in " + month(trip.start()) + ". Do you have seats?",
				"Hi! How much is " + title + " for " + lead.travelers() + (lead.travelers() == 1 ? " person?" : " people?"),
				"Good morning, is " + title + " still available in " + month(trip.start()) + "?");
	}

	private String firstAnswer() {
		Departure trip = lead.trip();
		String hello = "Hi " + lead.firstName() + ", I'm " + lead.replierName().split(" ")[0] + " from " + agency + ". ";
		if (trip == null) {
			return hello + "Happy to help! Where would you like to go, and how many of you are travelling?";
		}
		return hello + "Yes, we still have seats on " + trip.template().title() + " departing " + day(trip.start())
				+ ", " + trip.template().days() + " days. How many of you are travelling?";
	}

	private String travellers() {
		return lead.travelers() == 1 ? "Just me, travelling solo" : pick("We are " + lead.travelers() + " adults",
				lead.travelers() + " of us, and we're a bit flexible on the dates");
	}

	private String qualifyingQuestion() {
		return pick("Do you have fixed dates, or are you flexible by a week or so?",
				"Could you tell me roughly your budget per person, so I can suggest the right hotels?",
				"Have you travelled with us before? And do you need flights from your city too?");
	}

	private String qualifyingAnswer() {
		return pick("Flexible, but we'd like to leave after the 10th", "Around " + money(perPerson()) + " per person",
				"First time with you! Yes, flights would be great");
	}

	private String included() {
		return "The price of " + money(perPerson()) + " per person includes hotels, transfers, guides and most meals. "
				+ "International flights are separate, but we can book them for you.";
	}

	private String proposal() {
		Departure trip = lead.trip();
		if (trip == null) {
			return "I've emailed you a proposal with two options. Have a look and tell me which one you like!";
		}
		return "Here's your proposal for " + trip.template().title() + ": " + lead.travelers()
				+ (lead.travelers() == 1 ? " traveller" : " travellers") + ", departing " + day(trip.start())
				+ ", total " + money(total(trip)) + ". The offer holds for 7 days.";
	}

	private String tripName() {
		return lead.trip() == null ? "your trip" : lead.trip().template().title();
	}

	private BigDecimal perPerson() {
		return lead.trip() == null ? new BigDecimal("1900") : lead.trip().template().price();
	}

	private BigDecimal total(Departure trip) {
		return trip.template().price().multiply(BigDecimal.valueOf(lead.travelers()));
	}

	private String money(BigDecimal amount) {
		return String.format(Locale.ROOT, "%,d ", amount.longValue()) + currency;
	}

	private static String month(LocalDate date) {
		return date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
	}

	private static String day(LocalDate date) {
		return date.getDayOfMonth() + " " + month(date);
	}

	/** Like the webhook processor's preview: whitespace flattened, at most 140 characters. */
	static String preview(String text) {
		String flat = text.indexOf('\n') < 0 && !text.contains("  ") ? text.trim() : text.replaceAll("\\s+", " ").trim();
		return flat.length() <= 140 ? flat : flat.substring(0, 139) + "…";
	}

	private static String outboundText(String text) {
		return Json.object().raw("text", Json.object().put("body", text).put("preview_url", false)).toString();
	}

	// Time and chance

	/** Most answers come within minutes; some take hours, a few most of a day. */
	private Duration agentDelay() {
		int roll = random.nextInt(100);
		long seconds = roll < 45 ? between(60, 600) : roll < 75 ? between(600, 3600) : roll < 93 ? between(3600, 4 * 3600)
				: between(4 * 3600, 20 * 3600);
		return Duration.ofSeconds(seconds);
	}

	private Duration customerDelay() {
		int roll = random.nextInt(100);
		long seconds = roll < 40 ? between(60, 900) : roll < 75 ? between(900, 3 * 3600) : between(3 * 3600, 30 * 3600);
		return Duration.ofSeconds(seconds);
	}

	private long between(long low, long high) {
		return low + random.nextLong(high - low);
	}

	private boolean chance(int percent) {
		return random.nextInt(100) < percent;
	}

	private String pick(String... options) {
		return options[random.nextInt(options.length)];
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
