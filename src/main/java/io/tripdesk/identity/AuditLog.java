package io.tripdesk.identity;

import org.jspecify.annotations.Nullable;

/**
 * Records every change to business data: who, what, when, and the record before and after. Called
 * inside the changing transaction, so the entry and the change commit or roll back together.
 */
public interface AuditLog {

	/**
	 * @param entityType e.g. {@code lead}, {@code trip}, {@code booking}, {@code task}
	 * @param action e.g. {@code create}, {@code update}, {@code delete}, {@code change_stage}
	 * @param before the record's view before the change, or null when created
	 * @param after the record's view after the change, or null when deleted
	 */
	void record(CurrentUser actor, String entityType, Object entityId, String action, @Nullable Object before,
			@Nullable Object after);

}
