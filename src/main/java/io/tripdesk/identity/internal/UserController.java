package io.tripdesk.identity.internal;

import java.util.List;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users: every signed-in user may list them (to pick an assignee); only admins change them (see the
 * security configuration). Users are deactivated, never deleted, so their history keeps its author.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@GetMapping
	List<UserView> list(@RequestParam(required = false) @Nullable Role role,
			@RequestParam(name = "is_active", required = false) @Nullable Boolean active) {
		return users.list(role, active);
	}

	@GetMapping("/{id}")
	UserView get(@PathVariable long id) {
		return users.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	UserView create(@Valid @RequestBody CreateUserRequest request, @AuthenticationPrincipal CurrentUser actor) {
		return users.create(request, actor);
	}

	@PatchMapping("/{id}")
	UserView update(@PathVariable long id, @Valid @RequestBody UpdateUserRequest request,
			@AuthenticationPrincipal CurrentUser actor, HttpServletRequest http) {
		HttpSession session = http.getSession(false);
		return users.update(id, request, actor, session == null ? null : session.getId());
	}

}
