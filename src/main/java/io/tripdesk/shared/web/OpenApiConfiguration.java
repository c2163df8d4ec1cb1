package io.tripdesk.shared.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at {@code /v3/api-docs}, with the snake_case names the API really uses. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** springdoc reads schemas through swagger-core's Jackson 2, which does not see Jackson 3's naming strategy. */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI tripdeskOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Tripdesk API")
				.description("CRM for travel agencies that sell through WhatsApp. JSON is snake_case; lists page like "
						+ "Django REST framework; errors are RFC 9457 problem details.")
				.version("v1"))
			.components(new Components()
				.addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.COOKIE).name("SESSION")
					.description("Dashboard session from POST /api/auth/login/; changes also need X-XSRF-TOKEN."))
				.addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
					.description("Personal API token (td_…) from POST /api/auth/tokens/.")))
			.addSecurityItem(new SecurityRequirement().addList("session"))
			.addSecurityItem(new SecurityRequirement().addList("token"));
	}

}
