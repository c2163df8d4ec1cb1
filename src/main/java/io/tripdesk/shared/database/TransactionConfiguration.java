package io.tripdesk.shared.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions, and the executor of asynchronous event listeners, both aware of {@link RedoableWork}.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

	@Bean
	JdbcTransactionManager transactionManager(DataSource dataSource) {
		return new JdbcTransactionManager(dataSource) {

			@Override
			protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
					throws SQLException {
				super.prepareTransactionalConnection(connection, definition);
				if (RedoableWork.active()) {
					try (Statement statement = connection.createStatement()) {
						statement.execute("SET LOCAL synchronous_commit = off");
					}
				}
			}

		};
	}

	/**
	 * Declared here because Spring Boot backs off from its own when any TransactionOperations exists, as
	 * the session store's does.
	 */
	@Bean
	@Primary
	TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
		return new TransactionTemplate(transactionManager);
	}

	/**
	 * Applied by Spring Boot to the application task executor, which runs the asynchronous application
	 * module listeners (and the few @Async methods, all of which can be redone).
	 */
	@Bean
	TaskDecorator redoableTaskDecorator() {
		return RedoableWork.decorator();
	}

}
