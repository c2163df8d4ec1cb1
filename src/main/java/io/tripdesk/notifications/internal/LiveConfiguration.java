package io.tripdesk.notifications.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tripdesk.shared.database.RedoableWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableScheduling
class LiveConfiguration implements WebSocketConfigurer {

	private final LiveWebSocketHandler handler;

	LiveConfiguration(LiveWebSocketHandler handler) {
		this.handler = handler;
	}

	/** Writes to the sockets; a connection is written by one thread at a time, so its order holds. */
	@Bean(destroyMethod = "shutdown")
	static ExecutorService liveSender() {
		return Executors.newFixedThreadPool(4, new CustomizableThreadFactory("live-send-"));
	}

	/**
	 * Runs the {@link LiveListener}s. Their work is redoable (the publication registry hands an event again
	 * until its listener completes), so their commits need not wait for the disk.
	 */
	@Bean(LiveListener.EXECUTOR)
	static ThreadPoolTaskExecutor liveListeners() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.setThreadNamePrefix("live-event-");
		executor.setTaskDecorator(RedoableWork.decorator());
		return executor;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		// Same-origin only (the default): another site's page cannot open a socket with our cookie.
		registry.addHandler(handler, "/ws/admin", "/ws/admin/");
	}

}
