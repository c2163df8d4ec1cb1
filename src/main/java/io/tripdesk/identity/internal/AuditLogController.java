package io.tripdesk.identity.internal;

import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.PageResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first; admins only. */
@RestController
@RequestMapping("/api/audit-log")
class AuditLogController {

	private final AuditLogService auditLog;

	AuditLogController(AuditLogService auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping
	PageResponse<AuditLogService.AuditEntryView> list(
			@RequestParam(name = "entity_type", required = false) @Nullable String entityType,
			@RequestParam(name = "entity_id", required = false) @Nullable String entityId,
			@RequestParam(name = "actor_id", required = false) @Nullable Long actorId, PageQuery page) {
		return auditLog.list(entityType, entityId, actorId, page);
	}

}
