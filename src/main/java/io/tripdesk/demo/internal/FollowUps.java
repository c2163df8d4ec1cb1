package io.tripdesk.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.tripdesk.demo.internal.LeadStory.StageStep;
import org.jspecify.annotations.Nullable;

/**
 * The agents' follow-up tasks: one for most steps a lead took (done by the time it moved on), one for
 * what comes next on an open lead (done, due in the coming days, or overdue), the travel documents of
 * a booked trip, and some office work about no lead.
 */
final class FollowUps {

	/** A task as it stands now. */
	record Task(String title, @Nullable String description, Instant dueAt, String priority, String status,
			@Nullable Long assignedTo, Instant createdAt, @Nullable Instant completedAt) {

		boolean overdue(Instant now) {
			return (status.equals("open") || status.equals("in_progress")) && dueAt.isBefore(now);
		}

	}

	private static final List<String> OFFICE_WORK = List.of("Renew the IATA accreditation",
			"Update the Japan prices for next season", "Prepare the newsletter with the new departures",
			"Check hotel allotments for the summer", "Team meeting: review open proposals",
			"Reconcile supplier invoices", "Refresh the WhatsApp quick replies");

	private final SplittableRandom random;

	private final Instant now;

	FollowUps(SplittableRandom random, Instant now) {
		this.random = random;
		this.now = now;
	}

	/** The tasks of a lead; none for a lead nobody took. */
	List<Task> of(LeadStory lead) {
		List<Task> tasks = new ArrayList<>();
		Long agent = lead.agentId();
		if (agent == null) {
			return tasks;
		}
		List<StageStep> path = lead.path();
		for (int i = 0; i + 1 < path.size(); i++) {
			if (random.nextInt(100) < 30) {
				Instant created = path.get(i).at().plus(minutes(5, 240));
				Instant next = path.get(i + 1).at();
				if (created.isBefore(next)) {
					Instant completed = created.plus(minutes(10, Math.max(11, Duration.between(created, next).toMinutes())));
					tasks.add(new Task(title(path.get(i).stage(), lead), null, created.plus(minutes(60, 3 * 24 * 60)),
							priority(), "done", agent, created, completed.isAfter(next) ? next : completed));
				}
			}
		}
		StageStep current = lead.current();
		boolean open = !current.stage().equals("won") && !current.stage().equals("lost");
		if (open && random.nextInt(100) < 70) {
			tasks.add(nextStep(lead, current, agent));
		}
		LeadStory.Booking booking = lead.booking();
		if (lead.confirmed() && booking != null && booking.confirmedAt() != null) {
			Instant created = booking.confirmedAt().plus(minutes(2, 120));
			Instant due = booking.trip().start().minusDays(14).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
			if (created.isBefore(now)) {
				due = due.isAfter(created) ? due : created.plus(Duration.ofDays(1));
				boolean done = due.isBefore(now) ? random.nextInt(100) < 95 : random.nextInt(100) < 30;
				tasks.add(new Task("Send travel documents to " + lead.name(), "Vouchers, flight tickets and the day-by-day plan.",
						due, "normal", done ? "done" : "open", agent, created, done ? completed(created, due) : null));
			}
		}
		return tasks;
	}

	/** Work of the office about no customer, spread over the period. */
	Task office(@Nullable Long agent, Instant created) {
		return settle(OFFICE_WORK.get(random.nextInt(OFFICE_WORK.size())), null, created,
				created.plus(minutes(24 * 60, 10 * 24 * 60)), agent, false);
	}

	/** The next thing to do on an open lead: stale leads' tasks were mostly dealt with, recent ones may be due. */
	private Task nextStep(LeadStory lead, StageStep current, long agent) {
		Instant created = current.at().plus(minutes(2, 180));
		if (created.isAfter(now)) {
			created = now.minusSeconds(30);
		}
		Instant due = created.plus(minutes(4 * 60, 3 * 24 * 60));
		boolean stale = Duration.between(current.at(), now).toDays() > 10;
		return settle(title(current.stage(), lead), random.nextInt(100) < 30 ? "Ask about dietary needs and room setup." : null,
				created, due, agent, stale);
	}

	private Task settle(String title, @Nullable String description, Instant created, Instant due, @Nullable Long agent,
			boolean stale) {
		String status;
		if (due.isAfter(now)) {
			status = random.nextInt(100) < 15 ? "in_progress" : "open";
		}
		else {
			int roll = random.nextInt(100);
			status = roll < (stale ? 75 : 45) ? "done" : roll < (stale ? 85 : 50) ? "cancelled" : "open";
		}
		return new Task(title, description, due, priority(), status, agent, created,
				status.equals("done") ? completed(created, due) : null);
	}

	private Instant completed(Instant created, Instant due) {
		Instant completed = created.plus(minutes(10, Math.max(11, Duration.between(created, due).toMinutes() + 24 * 60)));
		return completed.isAfter(now) ? now.minusSeconds(60) : completed;
	}

	private String title(String stage, LeadStory lead) {
		String trip = lead.trip() == null ? "the trip" : lead.trip().template().title();
		return switch (stage) {
			case "new" -> "Call back " + lead.name();
			case "contacted" -> "Ask " + lead.firstName() + " about dates and travellers";
			case "qualified" -> "Send the proposal for " + trip;
			case "proposal_sent" -> "Follow up on the " + trip + " proposal";
			default -> random.nextBoolean() ? "Confirm passport details for " + lead.name()
					: "Hold seats on " + (lead.trip() == null ? "the trip" : lead.trip().code()) + " for " + lead.firstName();
		};
	}

	private String priority() {
		int roll = random.nextInt(100);
		return roll < 15 ? "low" : roll < 70 ? "normal" : roll < 92 ? "high" : "urgent";
	}

	private Duration minutes(long low, long high) {
		return Duration.ofMinutes(low + random.nextLong(Math.max(1, high - low)));
	}

}
