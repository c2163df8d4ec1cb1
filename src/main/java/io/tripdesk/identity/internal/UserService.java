package io.tripdesk.identity.internal;

import java.util.List;
import java.util.Optional;

import io.tripdesk.identity.AuditLog;
import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.Role;
import io.tripdesk.identity.UserDirectory;
import io.tripdesk.identity.UserSummary;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class UserService implements UserDirectory {

	private static final Logger log = LoggerFactory.getLogger(UserService.class);

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final AuditLog auditLog;

	private final PasswordPolicy passwordPolicy;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	UserService(UserRepository users, PasswordEncoder passwordEncoder, AuditLog auditLog,
			PasswordPolicy passwordPolicy, FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.auditLog = auditLog;
		this.passwordPolicy = passwordPolicy;
		this.sessions = sessions;
	}

	@Override
	public Optional<UserSummary> find(long id) {
		return users.findById(id).map(User::toSummary);
	}

	@Override
	public List<UserSummary> activeUsers() {
		return users.findAll(null, true).stream().map(User::toSummary).toList();
	}

	@Override
	public List<UserSummary> activeUsersWithRole(Role role) {
		return users.findAll(role, true).stream().map(User::toSummary).toList();
	}

	List<UserView> list(@Nullable Role role, @Nullable Boolean active) {
		return users.findAll(role, active).stream().map(User::toView).toList();
	}

	UserView get(long id) {
		return users.findById(id).map(User::toView).orElseThrow(() -> ProblemException.notFound("User", id));
	}

	@Transactional
	UserView create(CreateUserRequest request, CurrentUser actor) {
		String email = request.email().trim();
		String name = request.name().trim();
		passwordPolicy.require("password", request.password(), email, name);
		if (users.existsByEmail(email)) {
			throw new ProblemException(HttpStatus.CONFLICT, "email-taken", "Email already used",
					"A user with the email " + email + " already exists.");
		}
		User user = users.insert(email, name, passwordEncoder.encode(request.password()), request.role());
		auditLog.record(actor, "user", user.id(), "create", null, user.toView());
		log.info("User created userId={} role={}", user.id(), user.role());
		return user.toView();
	}

	/**
	 * A changed role or a deactivation ends all the user's sessions; a new password ends all but the one it
	 * was set from (an admin resetting their own).
	 */
	@Transactional
	UserView update(long id, UpdateUserRequest request, CurrentUser actor, @Nullable String currentSessionId) {
		User before = users.findById(id).orElseThrow(() -> ProblemException.notFound("User", id));
		Role role = request.role() == null ? before.role() : request.role();
		boolean active = request.isActive() == null ? before.active() : request.isActive();
		if (actor.id() != null && actor.id() == before.id() && (role != Role.ADMIN || !active)) {
			throw ProblemException.invalid(role != Role.ADMIN ? "role" : "is_active",
					"you cannot demote or deactivate yourself");
		}
		String name = request.name() == null ? before.name() : request.name().trim();
		if (request.password() != null) {
			passwordPolicy.require("password", request.password(), before.email(), name);
		}
		users.update(id, name, role, active);
		if (request.password() != null) {
			users.updatePassword(id, passwordEncoder.encode(request.password()));
		}
		UserView after = get(id);
		auditLog.record(actor, "user", id, "update", before.toView(), after);
		if (role != before.role() || !active) {
			endSessions(before.email(), null);
		}
		else if (request.password() != null) {
			endSessions(before.email(), currentSessionId);
		}
		return after;
	}

	/** A new password ends the user's other sessions; the one it was changed from stays signed in. */
	@Transactional
	void changeOwnPassword(CurrentUser actor, ChangePasswordRequest request, @Nullable String currentSessionId) {
		User user = users.findById(actor.requireId()).orElseThrow();
		if (!passwordEncoder.matches(request.currentPassword(), user.passwordHash())) {
			throw ProblemException.invalid("current_password", "is not your current password");
		}
		passwordPolicy.require("new_password", request.newPassword(), user.email(), user.name());
		users.updatePassword(user.id(), passwordEncoder.encode(request.newPassword()));
		auditLog.record(actor, "user", user.id(), "change_password", null, null);
		endSessions(user.email(), currentSessionId);
	}

	/**
	 * Ends the user's sessions but {@code keep}, so that no session outlives a change of rights or of
	 * password. API tokens stay: each is a credential of its own, listed and revoked on the profile.
	 */
	private void endSessions(String email, @Nullable String keep) {
		sessions.findByPrincipalName(email).keySet().stream().filter(id -> !id.equals(keep))
			.forEach(sessions::deleteById);
	}

}
