package io.tripdesk.tasks.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TasksIntegrationTests extends IntegrationTest {

	@Autowired
	TaskService taskService;

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

}
