package io.tripdesk.whatsapp.internal.templates;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tripdesk.whatsapp.internal.config.WhatsAppSettings;
import io.tripdesk.whatsapp.internal.sending.GraphClient;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Copies the business account's message templates into Tripdesk, following Meta's paging: on demand,
 * every six hours (first a minute after start), and in the sandbox as soon as the application is up.
 */
@Component
public class TemplateSync {

	private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);

	private final GraphClient graph;

	private final TemplateStore templates;

	private final WhatsAppSettings settings;

	TemplateSync(GraphClient graph, TemplateStore templates, WhatsAppSettings settings) {
		this.graph = graph;
		this.templates = templates;
		this.settings = settings;
	}

	/** Returns how many templates were synced. */
	public int sync() {
		int count = 0;
		JsonNode page = graph.get("/" + settings.businessAccountId()
				+ "/message_templates?fields=name,language,status,category,components,parameter_format&limit=50");
		while (true) {
			for (JsonNode template : page.path("data")) {
				templates.upsert(template.path("name").asString(""), template.path("language").asString(""),
						template.path("status").asString("UNKNOWN"), template.path("category").asString(null),
						template.path("parameter_format").asString("POSITIONAL"), template.path("components"));
				count++;
			}
			String next = page.path("paging").path("next").asString(null);
			if (next == null) {
				break;
			}
			page = graph.getAbsolute(next);
		}
		log.info("WhatsApp templates synced count={}", count);
		return count;
	}

	@Async
	@EventListener(ApplicationReadyEvent.class)
	void syncTheSandboxAtStart() {
		if (settings.sandbox()) {
			try {
				sync();
			}
			catch (RuntimeException ex) {
				log.warn("Sandbox templates not synced at start: {}", ex.getMessage());
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Schedule {

		private static final FixedDelay EVERY_SIX_HOURS = FixedDelay.of(Duration.ofHours(6));

		@Bean
		RecurringTask<Void> whatsappTemplateSyncTask(TemplateSync sync, WhatsAppSettings settings) {
			var schedule = new com.github.kagkarlsson.scheduler.task.schedule.Schedule() {

				@Override
				public java.time.Instant getNextExecutionTime(ExecutionComplete complete) {
					return EVERY_SIX_HOURS.getNextExecutionTime(complete);
				}

				@Override
				public java.time.Instant getInitialExecutionTime(java.time.Instant now) {
					return now.plus(Duration.ofMinutes(1));
				}

				@Override
				public boolean isDeterministic() {
					return false;
				}

			};
			// The sandbox's templates are synced when the application is ready; Meta's every six hours.
			return Tasks.recurring("whatsapp-template-sync", schedule).execute((instance, context) -> {
				// Not sync.settings: the bean is a proxy (it has an @Async method), whose fields are empty.
				if (!settings.sandbox()) {
					sync.sync();
				}
			});
		}

	}

}
