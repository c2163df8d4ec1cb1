package io.tripdesk.tasks.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.database.Columns;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.Eventually;
import io.tripdesk.support.IntegrationTest;
import io.tripdesk.support.LiveClient;
import io.tripdesk.tasks.TaskCompleted;
import io.tripdesk.tasks.TaskCreated;
import io.tripdesk.tasks.TaskManagement;
import io.tripdesk.tasks.TaskOverdue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Import(TasksIntegrationTests.PublishedEvents.class)
class TasksIntegrationTests extends IntegrationTest {

	@Autowired
	TaskService taskService;

	@Autowired
	TaskManagement taskManagement;

	@Autowired
	PublishedEvents events;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	private static long created(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private static Map<String, Object> task(String title, Instant due) {
		Map<String, Object> task = new HashMap<>();
		task.put("title", title);
		task.put("due_at", due.toString());
		return task;
	}

	@Test
	void completingATaskRecordsItOnItsLead() {
		ApiClient admin = admin();
		long lead = created(admin.post("/api/leads/", Map.of("name", "Task Lead", "phone", "+1 720 555 0101", "source", "website")));
		Map<String, Object> body = task("Call back about Bali", Instant.now().plus(2, ChronoUnit.DAYS));
		body.put("lead_id", lead);
		body.put("priority", "high");
		long task = created(admin.post("/api/tasks/", body));

		JsonNode done = admin.post("/api/tasks/" + task + "/complete/", null).json();

		assertThat(done.get("status").asString()).isEqualTo("done");
		assertThat(done.get("completed_at").isNull()).isFalse();
		assertThat(admin.get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.contains("task_created", "task_completed");
		assertThat(admin.get("/api/tasks/?lead=" + lead + "&status=done").json().get("count").asLong()).isEqualTo(1);
		assertThat(admin.get("/api/audit-log/?entity_type=task&entity_id=" + task).json().get("results")
			.findValuesAsString("action")).containsExactly("complete", "create");
	}

	@Test
	void filtersFindMyOverdueAndDueTodayTasks() {
		ApiClient agent = newAgent("tasker@test.local");
		created(agent.post("/api/tasks/", task("Late one", Instant.now().minus(2, ChronoUnit.HOURS))));
		created(agent.post("/api/tasks/", task("Later one", Instant.now().plus(5, ChronoUnit.DAYS))));

		JsonNode overdue = agent.get("/api/tasks/?assigned_to=me&overdue=true").json();
		assertThat(overdue.get("results").findValuesAsString("title")).containsExactly("Late one");
		assertThat(overdue.get("results").get(0).get("is_overdue").asBoolean()).isTrue();
		String inAWeek = Instant.now().plus(7, ChronoUnit.DAYS).toString();
		assertThat(agent.get("/api/tasks/?assigned_to=me&due_before=" + inAWeek + "&ordering=-due_at").json()
			.get("results").findValuesAsString("title")).containsExactly("Later one", "Late one");
	}

	@Test
	void theOverdueCountFollowsEveryChangeToATask() {
		ApiClient admin = admin();
		long agent = userId(newAgent("overdue.counted@test.local"));
		long other = userId(newAgent("overdue.other@test.local"));
		Map<String, Object> lastWeek = task("Due last week", Instant.now().minus(7, ChronoUnit.DAYS));
		lastWeek.put("assigned_to", agent);
		Map<String, Object> earlier = task("Due a minute ago", Instant.now().minus(1, ChronoUnit.MINUTES));
		earlier.put("assigned_to", agent);
		Map<String, Object> tomorrow = task("Due tomorrow", Instant.now().plus(1, ChronoUnit.DAYS));
		tomorrow.put("assigned_to", agent);
		long lastWeekTask = created(admin.post("/api/tasks/", lastWeek));
		long earlierTask = created(admin.post("/api/tasks/", earlier));
		long tomorrowTask = created(admin.post("/api/tasks/", tomorrow));
		assertThat(taskManagement.countOverdue(agent)).isEqualTo(2);

		admin.patch("/api/tasks/" + tomorrowTask + "/", Map.of("due_at", Instant.now().minus(3, ChronoUnit.DAYS).toString()));
		assertThat(taskManagement.countOverdue(agent)).as("moved into the past").isEqualTo(3);
		admin.post("/api/tasks/" + lastWeekTask + "/complete/", null);
		assertThat(taskManagement.countOverdue(agent)).as("completed").isEqualTo(2);
		admin.patch("/api/tasks/" + earlierTask + "/", Map.of("assigned_to", other));
		assertThat(taskManagement.countOverdue(agent)).as("given to someone else").isEqualTo(1);
		assertThat(taskManagement.countOverdue(other)).isEqualTo(1);
		assertThat(admin.delete("/api/tasks/" + tomorrowTask + "/").status()).isEqualTo(204);
		assertThat(taskManagement.countOverdue(agent)).as("deleted").isZero();

		// One snapshot and one now() for both figures: a repeatable-read transaction.
		var snapshot = new TransactionTemplate(transactionManager);
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.executeWithoutResult(status -> assertThat(taskManagement.countOverdue(null))
			.as("everyone's, as counted from the tasks")
			.isEqualTo(jdbc.sql("SELECT count(*) FROM task WHERE status IN ('open', 'in_progress') AND due_at < now()")
				.query(Long.class).single()));
	}

	@Test
	void badTasksAreRefusedFieldByField() {
		ApiClient admin = admin();
		var response = admin.post("/api/tasks/", Map.of("title", " ", "priority", "asap", "due_at", "tomorrow"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("due_at");
		var invalid = admin.post("/api/tasks/", Map.of("title", " ", "priority", "asap"));
		assertThat(invalid.json().get("errors").findValuesAsString("field")).containsExactly("priority", "title");
		assertThat(admin.get("/api/tasks/?status=later").status()).isEqualTo(400);
		assertThat(admin.get("/api/tasks/?overdue=perhaps").status()).isEqualTo(400);
		assertThat(admin.post("/api/tasks/", Map.of("title", "About nobody", "lead_id", 987654321)).status())
			.isEqualTo(404);
	}

	@Test
	void agentsSeeTheirOwnAndUnassignedTasksOnly() {
		ApiClient admin = admin();
		ApiClient mine = newAgent("task.mine@test.local");
		ApiClient other = newAgent("task.other@test.local");
		Map<String, Object> body = task("For mine only", Instant.now().plus(1, ChronoUnit.DAYS));
		body.put("assigned_to", userId(mine));
		long task = created(admin.post("/api/tasks/", body));

		assertThat(other.get("/api/tasks/" + task + "/").status()).isEqualTo(404);
		assertThat(other.post("/api/tasks/" + task + "/complete/", null).status()).isEqualTo(404);
		assertThat(mine.get("/api/tasks/" + task + "/").status()).isEqualTo(200);
		assertThat(awaitNotification(mine, "task_assigned").get("title").asString())
			.isEqualTo("New task for you: For mine only");
	}

	@Test
	void aTaskGoneOverdueIsAnnouncedOnceToItsAssignee() {
		ApiClient agent = newAgent("overdue.owner@test.local");
		long task = created(agent.post("/api/tasks/", task("Send the quote", Instant.now().minus(1, ChronoUnit.MINUTES))));

		// The scheduled scan may get there first; either way the task is announced once.
		taskService.announceOverdue();
		JsonNode notification = awaitNotification(agent, "task_overdue");
		assertThat(notification.get("task_id").asLong()).isEqualTo(task);
		assertThat(taskService.announceOverdue()).isZero();

		agent.patch("/api/tasks/" + task + "/", Map.of("due_at", Instant.now().minus(10, ChronoUnit.SECONDS).toString()));
		taskService.announceOverdue();
		assertThat(awaitNotificationCount(agent, "task_overdue", 2)).as("a new due time is a new deadline").isEqualTo(2);
		assertThat(taskService.announceOverdue()).isZero();
	}

	private static long awaitNotificationCount(ApiClient client, String type, int expected) {
		Instant deadline = Instant.now().plusSeconds(5);
		long count = 0;
		while (Instant.now().isBefore(deadline) && count < expected) {
			count = client.get("/api/notifications/").json().get("results").valueStream()
				.filter(n -> n.get("type").asString().equals(type)).count();
		}
		return count;
	}


	@Test
	void listsPageAndRefuseHugePages() {
		ApiClient agent = newAgent("task.pager@test.local");
		for (int i = 1; i <= 3; i++) {
			created(agent.post("/api/tasks/", task("Page task " + i, Instant.now().plus(i, ChronoUnit.DAYS))));
		}

		JsonNode page1 = agent.get("/api/tasks/?assigned_to=me&page_size=2").json();
		assertThat(page1.get("count").asLong()).isEqualTo(3);
		assertThat(page1.get("results").findValuesAsString("title")).containsExactly("Page task 1", "Page task 2");
		assertThat(page1.get("next").asString()).contains("page=2");
		JsonNode page2 = agent.get("/api/tasks/?assigned_to=me&page_size=2&page=2").json();
		assertThat(page2.get("results").findValuesAsString("title")).containsExactly("Page task 3");
		assertThat(page2.get("next").isNull()).isTrue();

		var refused = agent.get("/api/tasks/?page_size=1000");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("page_size");
	}

	@Test
	void filtersByStatusAssigneeDueTimeAndOrdering() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("task.filters@test.local");
		long agentId = userId(agent);
		Instant now = Instant.now();
		long low = created(admin.post("/api/tasks/", assigned(task("F low", now.plus(1, ChronoUnit.DAYS)), agentId, "low")));
		long urgent = created(admin.post("/api/tasks/", assigned(task("F urgent", now.plus(2, ChronoUnit.DAYS)), agentId, "urgent")));
		long high = created(admin.post("/api/tasks/", assigned(task("F high", now.plus(3, ChronoUnit.DAYS)), agentId, "high")));
		long normal = created(admin.post("/api/tasks/", assigned(task("F normal", now.plus(4, ChronoUnit.DAYS)), agentId, "normal")));
		assertThat(admin.patch("/api/tasks/" + urgent + "/", Map.of("status", "in_progress")).status()).isEqualTo(200);
		assertThat(admin.post("/api/tasks/" + high + "/complete/", null).status()).isEqualTo(200);
		assertThat(admin.patch("/api/tasks/" + normal + "/", Map.of("status", "cancelled")).status()).isEqualTo(200);
		String mine = "/api/tasks/?assigned_to=" + agentId;

		assertThat(ids(admin.get(mine))).as("due_at by default").containsExactly(low, urgent, high, normal);
		assertThat(ids(admin.get(mine + "&status=open,in_progress"))).containsExactly(low, urgent);
		assertThat(ids(admin.get(mine + "&status=done"))).containsExactly(high);
		assertThat(ids(admin.get(mine + "&ordering=priority"))).containsExactly(urgent, high, normal, low);
		assertThat(ids(admin.get(mine + "&ordering=-due_at"))).containsExactly(normal, high, urgent, low);
		assertThat(ids(admin.get(mine + "&ordering=created_at"))).containsExactly(low, urgent, high, normal);
		String between = now.plus(36, ChronoUnit.HOURS).toString();
		assertThat(ids(admin.get(mine + "&due_after=" + between))).containsExactly(urgent, high, normal);
		assertThat(ids(admin.get(mine + "&due_before=" + between))).containsExactly(low);
		assertThat(ids(agent.get("/api/tasks/?assigned_to=me&status=cancelled"))).containsExactly(normal);
		long unassigned = created(admin.post("/api/tasks/", task("F nobody's", now.plus(1, ChronoUnit.DAYS))));
		assertThat(ids(admin.get("/api/tasks/?assigned_to=none&page_size=200"))).contains(unassigned).doesNotContain(low);

		assertThat(fields(admin.get("/api/tasks/?ordering=title"))).containsExactly("ordering");
		assertThat(fields(admin.get("/api/tasks/?assigned_to=someone"))).containsExactly("assigned_to");
		assertThat(fields(admin.get("/api/tasks/?due_after=yesterday&due_before=2030-13-01")))
			.containsExactly("due_after", "due_before");
		assertThat(fields(admin.get("/api/tasks/?status=open,later"))).containsExactly("status");
		assertThat(admin.get("/api/tasks/?lead=abc").status()).isEqualTo(400);
	}

	@Test
	void emptyStatusesAndDaysOutOfRangeAreRefusedNamingTheFilter() {
		ApiClient admin = admin();

		assertThat(fields(admin.get("/api/tasks/?status=,"))).containsExactly("status");
		assertThat(fields(admin.get("/api/tasks/?status=open,"))).containsExactly("status");
		var ancient = admin.get("/api/tasks/?due_after=0001-01-01&due_before=%2B999999999-12-31T00:00:00Z");
		assertThat(fields(ancient)).containsExactly("due_after", "due_before");
		assertThat(ancient.json().get("errors").get(0).get("message").asString()).contains("1900-01-01", "9999-12-31");
		assertThat(fields(admin.get("/api/tasks/?due_before=-999999999-01-01"))).containsExactly("due_before");
		assertThat(admin.get("/api/tasks/?due_after=1900-01-01&due_before=9999-12-31").status()).isEqualTo(200);
	}

	@Test
	void aDueDateOutsideTheSupportedDaysIsRefusedAndNothingIsStored() {
		ApiClient admin = admin();
		long before = jdbc.sql("SELECT count(*) FROM task").query(Long.class).single();

		var yearOne = admin.post("/api/tasks/", Map.of("title", "Year one", "due_at", "0001-01-01T10:00:00Z"));
		assertThat(fields(yearOne)).containsExactly("due_at");
		assertThat(yearOne.json().get("errors").get(0).get("message").asString())
			.isEqualTo("must be a date from 1900-01-01 to 9999-12-31");
		assertThat(fields(admin.post("/api/tasks/", Map.of("title", "Epoch second", "due_at", -62135596800L))))
			.containsExactly("due_at");
		long task = created(admin.post("/api/tasks/", task("Fine", Instant.now())));
		assertThat(fields(admin.patch("/api/tasks/" + task + "/", Map.of("due_at", "+10000-01-01T00:00:00Z"))))
			.containsExactly("due_at");
		assertThat(jdbc.sql("SELECT count(*) FROM task").query(Long.class).single()).isEqualTo(before + 1);
	}

	@Test
	void agentsLinkTasksOnlyToLeadsTheyMaySeeAndSeeTheTasksOfTheirLeads() {
		ApiClient admin = admin();
		ApiClient owner = newAgent("lead.owner.tasks@test.local");
		ApiClient rival = newAgent("lead.rival.tasks@test.local");
		ApiClient helper = newAgent("lead.helper.tasks@test.local");
		long ownersLead = created(owner.post("/api/leads/", Map.of("name", "Owner's lead", "phone", "+1 720 555 0201",
				"source", "website")));
		assertThat(admin.get("/api/leads/" + ownersLead + "/").json().get("assigned_to").asLong()).isEqualTo(userId(owner));

		Map<String, Object> sneaky = task("About someone else's lead", Instant.now().plus(1, ChronoUnit.DAYS));
		sneaky.put("lead_id", ownersLead);
		var refused = rival.post("/api/tasks/", sneaky);
		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.json().get("detail").asString()).contains(String.valueOf(ownersLead));
		assertThat(admin.get("/api/tasks/?lead=" + ownersLead).json().get("count").asLong()).isZero();
		long rivalsTask = created(rival.post("/api/tasks/", task("Rival's own", Instant.now().plus(1, ChronoUnit.DAYS))));
		assertThat(rival.patch("/api/tasks/" + rivalsTask + "/", Map.of("lead_id", ownersLead)).status()).isEqualTo(404);
		assertThat(admin.get("/api/tasks/" + rivalsTask + "/").json().get("lead_id").isNull()).isTrue();

		Map<String, Object> forHelper = task("Helper calls the owner's lead", Instant.now().plus(1, ChronoUnit.DAYS));
		forHelper.put("lead_id", ownersLead);
		forHelper.put("assigned_to", userId(helper));
		long helpersTask = created(admin.post("/api/tasks/", forHelper));

		assertThat(owner.get("/api/tasks/" + helpersTask + "/").status()).as("a task on the owner's lead").isEqualTo(200);
		assertThat(ids(owner.get("/api/tasks/?lead=" + ownersLead))).containsExactly(helpersTask);
		assertThat(helper.get("/api/tasks/" + helpersTask + "/").status()).isEqualTo(200);
		assertThat(rival.get("/api/tasks/" + helpersTask + "/").status()).isEqualTo(404);
		assertThat(ids(rival.get("/api/tasks/?lead=" + ownersLead))).isEmpty();
		assertThat(ids(rival.get("/api/tasks/?page_size=200"))).contains(rivalsTask).doesNotContain(helpersTask);
		assertThat(owner.post("/api/tasks/" + helpersTask + "/complete/", null).json().get("status").asString())
			.isEqualTo("done");
	}

	@Test
	void aTaskIsSeenByWhoeverMaySeeItsLeadAndByItsAssignee() {
		ApiClient admin = admin();
		ApiClient owner = newAgent("task.lead.owner@test.local");
		ApiClient other = newAgent("task.lead.other@test.local");
		long ownersLead = created(admin.post("/api/leads/", Map.of("name", "Owner's customer", "phone", "+1 720 555 0301",
				"source", "website", "assigned_to", userId(owner))));
		long openLead = created(admin.post("/api/leads/", Map.of("name", "Nobody's customer", "phone", "+1 720 555 0302",
				"source", "website")));
		Instant due = Instant.now().plus(2, ChronoUnit.DAYS);
		long hidden = created(admin.post("/api/tasks/", onLead(task("Call about the visa", due), ownersLead, null,
				"Passport copy is in the drive")));
		long byOwner = created(owner.post("/api/tasks/", onLead(task("Owner's own reminder", due), ownersLead, null, null)));
		long errand = created(admin.post("/api/tasks/", onLead(task("Other's errand", due), ownersLead, userId(other), null)));
		long onOpenLead = created(admin.post("/api/tasks/", onLead(task("Anyone may call", due), openLead, null, null)));
		long noLead = created(admin.post("/api/tasks/", onLead(task("Water the office plants", due), null, null, null)));

		var refused = other.get("/api/tasks/" + hidden + "/");
		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.text()).doesNotContain("Passport", "visa");
		assertThat(other.patch("/api/tasks/" + hidden + "/", Map.of("priority", "high")).status()).isEqualTo(404);
		assertThat(other.post("/api/tasks/" + hidden + "/complete/", null).status()).isEqualTo(404);
		assertThat(other.delete("/api/tasks/" + hidden + "/").status()).isEqualTo(404);
		assertThat(admin.get("/api/tasks/" + hidden + "/").json().get("status").asString()).isEqualTo("open");
		assertThat(ids(other.get("/api/tasks/?page_size=200"))).contains(errand, onOpenLead, noLead)
			.doesNotContain(hidden, byOwner);
		assertThat(ids(other.get("/api/tasks/?assigned_to=none&page_size=200"))).contains(onOpenLead, noLead)
			.doesNotContain(hidden, byOwner);
		assertThat(ids(other.get("/api/tasks/?lead=" + ownersLead))).as("only their own task on the owner's lead")
			.containsExactly(errand);
		assertThat(other.get("/api/tasks/?lead=" + ownersLead + "&page_size=200").text()).doesNotContain("visa");
		// Their task on someone else's lead is their work: they see it and work on it, the lead stays hidden.
		assertThat(other.patch("/api/tasks/" + errand + "/", Map.of("priority", "high")).status()).isEqualTo(200);
		assertThat(other.get("/api/leads/" + ownersLead + "/").status()).isEqualTo(404);
		assertThat(ids(owner.get("/api/tasks/?lead=" + ownersLead))).containsExactlyInAnyOrder(hidden, byOwner, errand);
		assertThat(owner.get("/api/tasks/" + hidden + "/").json().get("description").asString())
			.isEqualTo("Passport copy is in the drive");
		assertThat(ids(admin.get("/api/tasks/?lead=" + ownersLead))).containsExactlyInAnyOrder(hidden, byOwner, errand);

		// Moved to another lead, a task follows that lead's visibility.
		assertThat(admin.patch("/api/tasks/" + noLead + "/", Map.of("lead_id", ownersLead)).status()).isEqualTo(200);
		assertThat(other.get("/api/tasks/" + noLead + "/").status()).isEqualTo(404);
		assertThat(ids(other.get("/api/tasks/?page_size=200"))).doesNotContain(noLead);

		// The tasks follow their lead to its new assignee, whichever way it is assigned; the assignee keeps theirs.
		assertThat(admin.patch("/api/leads/" + ownersLead + "/", Map.of("assigned_to", userId(other))).status())
			.isEqualTo(200);
		assertThat(admin.post("/api/leads/bulk/", Map.of("ids", List.of(openLead), "assigned_to", userId(owner))).status())
			.isEqualTo(200);
		assertThat(other.get("/api/tasks/" + hidden + "/").status()).isEqualTo(200);
		assertThat(ids(other.get("/api/tasks/?page_size=200"))).contains(hidden, byOwner, errand, noLead)
			.doesNotContain(onOpenLead);
		assertThat(owner.get("/api/tasks/" + hidden + "/").status()).isEqualTo(404);
		assertThat(owner.get("/api/tasks/" + byOwner + "/").status()).as("its creator, the lead gone to another")
			.isEqualTo(404);
		assertThat(ids(owner.get("/api/tasks/?page_size=200"))).contains(onOpenLead).doesNotContain(hidden, byOwner);
		Map<String, Object> unassign = new HashMap<>();
		unassign.put("assigned_to", null);
		assertThat(admin.patch("/api/leads/" + ownersLead + "/", unassign).status()).isEqualTo(200);
		assertThat(ids(owner.get("/api/tasks/?page_size=200"))).contains(hidden, byOwner, errand, onOpenLead);
		assertThat(owner.post("/api/tasks/" + hidden + "/complete/", null).status()).isEqualTo(200);
	}

	@Test
	void theLiveFeedTellsOfATaskOnlyThoseWhoMaySeeIt() {
		ApiClient admin = admin();
		ApiClient owner = newAgent("task.live.owner@test.local");
		ApiClient other = newAgent("task.live.other@test.local");
		long ownersLead = created(admin.post("/api/leads/", Map.of("name", "Live owner's customer", "phone",
				"+1 720 555 0311", "source", "website", "assigned_to", userId(owner))));
		try (LiveClient ownerLive = LiveClient.connect(owner, null); LiveClient otherLive = LiveClient.connect(other, null)) {
			ownerLive.awaitType("hello");
			otherLive.awaitType("hello");

			long hidden = created(admin.post("/api/tasks/", onLead(task("Live secret call",
					Instant.now().minus(1, ChronoUnit.MINUTES)), ownersLead, null, null)));
			taskService.announceOverdue();
			assertThat(admin.post("/api/tasks/" + hidden + "/complete/", null).status()).isEqualTo(200);
			long errand = created(admin.post("/api/tasks/", onLead(task("Live errand", Instant.now().plus(1, ChronoUnit.DAYS)),
					ownersLead, userId(other), null)));
			for (String type : List.of("task_created", "task_overdue", "task_completed")) {
				ownerLive.await(aboutTask(type, hidden), Duration.ofSeconds(5));
			}

			// The feed is in order: once the other agent hears of a later task, they heard all they were going to.
			long later = created(admin.post("/api/tasks/", onLead(task("Live for everyone",
					Instant.now().plus(1, ChronoUnit.DAYS)), null, null, null)));
			List<JsonNode> heard = new ArrayList<>();
			otherLive.await(message -> heard.add(message) && aboutTask("task_created", later).test(message),
					Duration.ofSeconds(5));
			heard.addAll(otherLive.collect(Duration.ofMillis(300)));

			assertThat(heard).noneMatch(message -> message.path("task_id").asLong() == hidden
					|| message.toString().contains("Live secret call"));
			assertThat(heard).as("their own task on the owner's lead").anyMatch(aboutTask("task_created", errand));
			assertThat(ownerLive.await(aboutTask("task_created", errand), Duration.ofSeconds(5)).get("title").asString())
				.as("every task on their lead").isEqualTo("Live errand");
		}
	}

	private static Predicate<JsonNode> aboutTask(String type, long taskId) {
		return message -> type.equals(message.path("type").asString("")) && message.path("task_id").asLong() == taskId;
	}

	private static Map<String, Object> onLead(Map<String, Object> task, @Nullable Long lead, @Nullable Long assignee,
			@Nullable String description) {
		task.put("lead_id", lead);
		task.put("assigned_to", assignee);
		task.put("description", description);
		return task;
	}

	@Test
	void creatingAndCompletingATaskPublishesOnceAndKeepsTheLeadsTimeline() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("task.events@test.local");
		long lead = created(admin.post("/api/leads/", Map.of("name", "Event Lead", "phone", "+1 720 555 0202", "source", "website")));
		Instant due = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> body = assigned(task("Send the itinerary", due), userId(agent), "urgent");
		body.put("lead_id", lead);
		body.put("description", "PDF with flights");

		JsonNode task = admin.post("/api/tasks/", body).json();
		long id = task.get("id").asLong();
		assertThat(task.get("priority").asString()).isEqualTo("urgent");
		assertThat(task.get("status").asString()).isEqualTo("open");
		assertThat(task.get("created_by").asLong()).isEqualTo(userId(admin));
		assertThat(task.get("is_overdue").asBoolean()).isFalse();
		assertThat(events.of(TaskCreated.class, id)).singleElement().satisfies(created -> {
			assertThat(created.leadId()).isEqualTo(lead);
			assertThat(created.assignedTo()).isEqualTo(userId(agent));
			assertThat(created.dueAt()).isEqualTo(due);
		});

		assertThat(agent.post("/api/tasks/" + id + "/complete/", null).status()).isEqualTo(200);
		JsonNode again = agent.post("/api/tasks/" + id + "/complete/", null).json();
		assertThat(again.get("status").asString()).isEqualTo("done");
		assertThat(events.of(TaskCompleted.class, id)).singleElement()
			.satisfies(completed -> assertThat(completed.actorId()).isEqualTo(userId(agent)));
		assertThat(admin.get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.filteredOn(type -> type.startsWith("task_")).containsExactlyInAnyOrder("task_created", "task_completed");
		assertThat(taskManagement.openTasksOfLead(lead)).isEmpty();
	}

	@Test
	void otherModulesCreateTasksForLeadsAndListTheOpenOnes() {
		ApiClient admin = admin();
		long lead = created(admin.post("/api/leads/", Map.of("name", "Automated Lead", "phone", "+1 720 555 0203", "source", "website")));

		long later = taskManagement.create("Follow up in a week", null, Instant.now().plus(7, ChronoUnit.DAYS), "normal",
				null, lead, CurrentUser.system());
		long sooner = taskManagement.create("Follow up tomorrow", "by phone", Instant.now().plus(1, ChronoUnit.DAYS), "high",
				null, lead, CurrentUser.system());

		assertThat(taskManagement.openTasksOfLead(lead)).extracting(TaskManagement.TaskSummary::id).containsExactly(sooner, later);
		JsonNode view = admin.get("/api/tasks/" + later + "/").json();
		assertThat(view.get("lead_id").asLong()).isEqualTo(lead);
		assertThat(view.get("created_by").isNull()).isTrue();
		assertThat(admin.get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.filteredOn("task_created"::equals).hasSize(2);
		assertThat(auditActions(admin, later)).containsExactly("create");
		assertThatThrownBy(() -> taskManagement.create("Whenever", null, null, "asap", null, lead, CurrentUser.system()))
			.isInstanceOfSatisfying(ProblemException.class,
					problem -> assertThat(problem.getBody().getDetail()).contains("priority"));
		assertThat(taskManagement.openTasksOfLead(lead)).hasSize(2);
	}

	@Test
	void overdueTasksArePublishedOnceEvenWhenTwoScansRace() throws Exception {
		ApiClient admin = admin();
		long lead = created(admin.post("/api/leads/", Map.of("name", "Overdue Lead", "phone", "+1 720 555 0204", "source", "website")));
		List<Long> late = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Map<String, Object> body = task("Late " + i, Instant.now().minus(5 + i, ChronoUnit.MINUTES));
			body.put("lead_id", lead);
			late.add(created(admin.post("/api/tasks/", body)));
		}
		long done = created(admin.post("/api/tasks/", task("Done in time", Instant.now().plus(1, ChronoUnit.DAYS))));
		admin.post("/api/tasks/" + done + "/complete/", null);
		admin.patch("/api/tasks/" + done + "/", Map.of("due_at", Instant.now().minus(1, ChronoUnit.HOURS).toString()));

		CompletableFuture<Integer> node1 = CompletableFuture.supplyAsync(taskService::announceOverdue);
		CompletableFuture<Integer> node2 = CompletableFuture.supplyAsync(taskService::announceOverdue);
		node1.get(10, TimeUnit.SECONDS);
		node2.get(10, TimeUnit.SECONDS);
		Eventually.await(() -> late.stream().allMatch(id -> !events.of(TaskOverdue.class, id).isEmpty()),
				"every late task announced");
		assertThat(taskService.announceOverdue()).isZero();

		for (long id : late) {
			assertThat(events.of(TaskOverdue.class, id)).as("task %d", id).hasSize(1);
			assertThat(overdueNotifiedAt(id)).isNotNull();
		}
		TaskOverdue first = events.of(TaskOverdue.class, late.get(0)).get(0);
		assertThat(first.leadId()).isEqualTo(lead);
		assertThat(first.dueAt()).isEqualTo(Instant.parse(admin.get("/api/tasks/" + late.get(0) + "/").json()
			.get("due_at").asString()));
		assertThat(events.of(TaskOverdue.class, done)).as("done tasks are not overdue").isEmpty();
		assertThat(admin.get("/api/tasks/" + done + "/").json().get("is_overdue").asBoolean()).isFalse();
		assertThat(ids(admin.get("/api/tasks/?overdue=true&lead=" + lead + "&page_size=200")))
			.containsExactlyInAnyOrderElementsOf(late);

		long moved = late.get(1);
		JsonNode rescheduled = admin.patch("/api/tasks/" + moved + "/",
				Map.of("due_at", Instant.now().plus(2, ChronoUnit.DAYS).toString())).json();
		assertThat(rescheduled.get("is_overdue").asBoolean()).isFalse();
		assertThat(overdueNotifiedAt(moved)).as("a new deadline in the future clears the mark").isNull();
		assertThat(taskService.announceOverdue()).isZero();
		assertThat(events.of(TaskOverdue.class, moved)).hasSize(1);
		assertThat(admin.patch("/api/tasks/" + late.get(2) + "/", Map.of("title", "Late 2, renamed")).status()).isEqualTo(200);
		assertThat(overdueNotifiedAt(late.get(2))).as("other changes keep the mark").isNotNull();
	}

	@Test
	void changesAreValidatedFieldByFieldAndAudited() {
		ApiClient admin = admin();
		ApiClient creator = newAgent("task.creator@test.local");
		ApiClient assignee = newAgent("task.assignee@test.local");
		long id = created(creator.post("/api/tasks/", assigned(task("Audit me", Instant.now().plus(1, ChronoUnit.DAYS)),
				userId(assignee), "normal")));
		Map<String, Object> nullTitle = new HashMap<>();
		nullTitle.put("title", null);

		assertThat(fields(creator.patch("/api/tasks/" + id + "/", nullTitle))).containsExactly("title");
		assertThat(fields(creator.patch("/api/tasks/" + id + "/", Map.of("priority", "asap", "status", "finished"))))
			.containsExactly("priority", "status");
		assertThat(fields(creator.patch("/api/tasks/" + id + "/", Map.of("assigned_to", 987654321)))).containsExactly("assigned_to");
		assertThat(fields(creator.patch("/api/tasks/" + id + "/", Map.of("due_at", "next week")))).containsExactly("due_at");
		assertThat(fields(creator.post("/api/tasks/", Map.of("title", "x".repeat(301))))).containsExactly("title");
		assertThat(fields(creator.post("/api/tasks/", Map.of("title", "Born done", "status", "done")))).containsExactly("status");
		assertThat(admin.get("/api/tasks/" + id + "/").json().get("title").asString()).isEqualTo("Audit me");

		JsonNode done = assignee.patch("/api/tasks/" + id + "/", Map.of("status", "done")).json();
		assertThat(done.get("completed_at").isNull()).isFalse();
		JsonNode reopened = assignee.patch("/api/tasks/" + id + "/", Map.of("status", "open")).json();
		assertThat(reopened.get("completed_at").isNull()).isTrue();
		assertThat(events.of(TaskCompleted.class, id)).hasSize(1);

		var forbidden = assignee.delete("/api/tasks/" + id + "/");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(creator.delete("/api/tasks/" + id + "/").status()).isEqualTo(204);
		assertThat(admin.get("/api/tasks/" + id + "/").status()).isEqualTo(404);
		assertThat(auditActions(admin, id)).containsExactly("delete", "update", "update", "create");
		JsonNode deleted = admin.get("/api/audit-log/?entity_type=task&entity_id=" + id).json().get("results").get(0);
		assertThat(deleted.get("before").get("title").asString()).isEqualTo("Audit me");
		assertThat(deleted.get("after").isNull()).isTrue();
	}

	private static Map<String, Object> assigned(Map<String, Object> task, long assignee, String priority) {
		task.put("assigned_to", assignee);
		task.put("priority", priority);
		return task;
	}

	private static List<Long> ids(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.json().get("results").valueStream().map(node -> node.get("id").asLong()).toList();
	}

	private static List<String> fields(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		return response.json().get("errors").findValuesAsString("field");
	}

	private static List<String> auditActions(ApiClient client, long taskId) {
		return client.get("/api/audit-log/?entity_type=task&entity_id=" + taskId).json().get("results")
			.findValuesAsString("action");
	}

	private @Nullable Instant overdueNotifiedAt(long taskId) {
		return jdbc.sql("SELECT overdue_notified_at FROM task WHERE id = ?").param(taskId)
			.query((rs, row) -> java.util.Optional.ofNullable(Columns.nullableInstant(rs, "overdue_notified_at")))
			.single().orElse(null);
	}

	/** The tasks module's events, as committed. */
	static class PublishedEvents {

		private final List<Object> events = new CopyOnWriteArrayList<>();

		@TransactionalEventListener
		public void on(TaskCreated event) {
			events.add(event);
		}

		@TransactionalEventListener
		public void on(TaskCompleted event) {
			events.add(event);
		}

		@TransactionalEventListener
		public void on(TaskOverdue event) {
			events.add(event);
		}

		<T> List<T> of(Class<T> type, long taskId) {
			return events.stream().filter(type::isInstance).map(type::cast).filter(event -> taskIdOf(event) == taskId).toList();
		}

		private static long taskIdOf(Object event) {
			if (event instanceof TaskCreated created) {
				return created.taskId();
			}
			if (event instanceof TaskCompleted completed) {
				return completed.taskId();
			}
			return ((TaskOverdue) event).taskId();
		}

	}

}
