package io.tripdesk.identity.internal;

import io.tripdesk.shared.database.RedoableWork;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions live in PostgreSQL, and every signed-in request writes its session's last access time.
 * Those writes are redoable work: a database crash can lose the last fraction of a second of them, which
 * costs at worst a sign-in, so no request waits for the disk to store when it was made.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

	@Bean
	@Qualifier("springSessionTransactionOperations")
	TransactionOperations springSessionTransactionOperations(PlatformTransactionManager transactionManager) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		return new TransactionOperations() {

			@Override
			public <T> @Nullable T execute(TransactionCallback<T> action) {
				return RedoableWork.call(() -> transactions.execute(action));
			}

		};
	}

}
