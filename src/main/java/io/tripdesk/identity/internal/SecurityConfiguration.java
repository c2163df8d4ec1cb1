package io.tripdesk.identity.internal;

import java.util.List;

import io.tripdesk.identity.Role;
import io.tripdesk.shared.web.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticated by default: the dashboard signs in with a session (CSRF-protected, double-submit
 * cookie for the single-page app), integrations with a Bearer API token. Open are only sign-in, the
 * WhatsApp webhook (which checks Meta's signature itself), the WhatsApp sandbox's Graph API (which
 * checks its own token), the health probe, the API docs and the dashboard's static files.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The dashboard's and Swagger UI's needs, nothing more: scripts, styles, images, media and connections
	 * (fetch, and the live feed's WebSocket, which 'self' covers) from this origin only; inline styles, which
	 * Mantine and Swagger UI set at run time; data: and blob: images and media (icons, recorded voice). No
	 * page may frame the dashboard.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
			+ "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	static List<GrantedAuthority> authorities(Role role) {
		return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
	}

	/**
	 * Sign-ins and access decisions stay observed; the filter chain's observation of every request, an
	 * observation started and stopped around each of its filters, does not: the HTTP server's own
	 * observation already times each request.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	AuthenticationManager authenticationManager(UserRepository users, PasswordEncoder passwordEncoder) {
		return new ProviderManager(new PasswordAuthenticationProvider(users, passwordEncoder));
	}

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
				new HttpSessionSecurityContextRepository());
	}

	/**
	 * Meta's webhook proves itself with its signature, which the controller checks against the exact bytes
	 * received; no session, cookie or token applies. A chain of its own keeps each post (thousands a second
	 * in a burst) out of the session, CSRF and token filters of the rest.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain webhookFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/whatsapp/webhook")
			.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, JsonMapper json,
			SecurityContextRepository securityContextRepository) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> writeProblem(json, response,
				new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Not signed in",
						"Sign in, or send a valid API token as Authorization: Bearer."));
		AccessDeniedHandler forbidden = (request, response, ex) -> writeProblem(json, response,
				new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
						"Your role does not allow this, or the request lacks its CSRF token."));
		http
			.securityContext(context -> context.securityContextRepository(securityContextRepository))
			// HSTS (Spring Security's default) goes on secure responses only, which behind a TLS-terminating
			// proxy are those it forwarded with X-Forwarded-Proto: https (server.forward-headers-strategy).
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.csrf(csrf -> csrf.spa()
				.ignoringRequestMatchers(ApiTokenAuthenticationFilter::hasBearerToken)
				.ignoringRequestMatchers("/api/auth/login", "/sandbox/graph/**"))
			.addFilterBefore(new ApiTokenAuthenticationFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.POST, "/api/auth/login").permitAll()
				.requestMatchers(HttpMethod.GET, "/api/auth/csrf").permitAll()
				// The WhatsApp sandbox's Graph API checks its own Bearer token, as Meta's does.
				.requestMatchers("/sandbox/graph/**").permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
				.requestMatchers(HttpMethod.GET, "/api/users", "/api/users/*").authenticated()
				.requestMatchers("/api/users", "/api/users/**", "/api/audit-log", "/api/audit-log/**").hasRole("ADMIN")
				.requestMatchers("/actuator/**").hasRole("ADMIN")
				.requestMatchers("/api/**", "/ws/**").authenticated()
				// Everything else is the dashboard: its files and its client-side routes.
				.anyRequest().permitAll());
		return http.build();
	}

	private static void writeProblem(JsonMapper json, HttpServletResponse response, ProblemException problem)
			throws java.io.IOException {
		ProblemDetail body = problem.getBody();
		response.setStatus(body.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), body);
	}

}
