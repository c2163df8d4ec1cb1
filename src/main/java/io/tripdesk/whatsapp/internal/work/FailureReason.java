package io.tripdesk.whatsapp.internal.work;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * What a failure of background work is called where people read it (the inbox's error on the status page, a
 * send's error in the conversation): a short reason in words. An exception's class and message never go
 * there, as they name code and quote SQL and data; they go to the log, with the exception.
 */
public final class FailureReason {

	private FailureReason() {
	}

	public static String of(Throwable failure) {
		if (failure instanceof DataIntegrityViolationException) {
			return "the database refused it (it conflicts with what is stored, or holds a value the database cannot "
					+ "take); the log has the details";
		}
		if (failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
				|| failure instanceof DataAccessResourceFailureException || failure instanceof TransactionException) {
			return "the database was unavailable or busy";
		}
		if (failure instanceof DataAccessException) {
			return "a database error; the log has the details";
		}
		return "an unexpected error; the log has the details";
	}

}
