package io.tripdesk.identity.internal;

import java.util.List;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dashboard sign-in with a session cookie, the signed-in user, and their personal API tokens.
 * Every response also refreshes the {@code XSRF-TOKEN} cookie that the dashboard echoes in
 * {@code X-XSRF-TOKEN} on changes.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	private static final Logger log = LoggerFactory.getLogger(AuthController.class);

	private final AuthenticationManager authenticationManager;

	private final SecurityContextRepository securityContextRepository;

	private final UserRepository users;

	private final UserService userService;

	private final ApiTokens tokens;

	private final SignInThrottle throttle;

	AuthController(AuthenticationManager authenticationManager, SecurityContextRepository securityContextRepository,
			UserRepository users, UserService userService, ApiTokens tokens, SignInThrottle throttle) {
		this.authenticationManager = authenticationManager;
		this.securityContextRepository = securityContextRepository;
		this.users = users;
		this.userService = userService;
		this.tokens = tokens;
		this.throttle = throttle;
	}

	/**
	 * Signs in, throttled per account and per client address (behind a trusted proxy, the address it
	 * forwarded in X-Forwarded-For).
	 */
	@PostMapping("/login")
	UserView login(@Valid @RequestBody LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
		SignInThrottle.Attempt attempt = throttle.begin(login.email(), request.getRemoteAddr());
		Authentication authentication;
		try {
			authentication = authenticationManager
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login.email().trim(), login.password()));
		}
		catch (AuthenticationException ex) {
			log.info("Sign-in refused reason={}", ex.getClass().getSimpleName());
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "bad-credentials", "Sign-in failed",
					"The email or password is wrong, or the account is deactivated.");
		}
		throttle.succeeded(attempt);
		// A new session id on sign-in defeats session fixation.
		request.getSession(true);
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		securityContextRepository.saveContext(context, request, response);
		CurrentUser user = (CurrentUser) authentication.getPrincipal();
		users.touchLogin(user.requireId());
		log.info("Signed in userId={}", user.id());
		return userService.get(user.requireId());
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		new SecurityContextLogoutHandler().logout(request, response, authentication);
	}

	@GetMapping("/me")
	UserView me(@AuthenticationPrincipal CurrentUser user) {
		return userService.get(user.requireId());
	}

	/** Hands the dashboard a CSRF token before its first change; the token travels in the XSRF-TOKEN cookie. */
	@GetMapping("/csrf")
	CsrfView csrf(CsrfToken token) {
		return new CsrfView(token.getHeaderName(), token.getToken());
	}

	@PostMapping("/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody ChangePasswordRequest request,
			HttpServletRequest http) {
		HttpSession session = http.getSession(false);
		userService.changeOwnPassword(user, request, session == null ? null : session.getId());
	}

	@GetMapping("/tokens")
	List<ApiTokens.TokenView> tokens(@AuthenticationPrincipal CurrentUser user) {
		return tokens.list(user);
	}

	@PostMapping("/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	ApiTokens.CreatedToken createToken(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody CreateTokenRequest request) {
		return tokens.create(user, request);
	}

	@DeleteMapping("/tokens/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revokeToken(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
		tokens.revoke(user, id);
	}

	record CsrfView(String headerName, String token) {
	}

}
