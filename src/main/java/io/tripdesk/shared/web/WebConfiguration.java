package io.tripdesk.shared.web;

import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new PageQueryArgumentResolver());
	}

	/** Registered after Spring's defaults, so it takes the place of their looser date parsing. */
	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(new SupportedDayConverter());
	}

	/**
	 * The original dashboard's paths end in a slash ({@code /api/leads/}); Spring Framework 7 no longer
	 * matches those to {@code /api/leads}, so both spellings are served. Runs before Spring Security.
	 */
	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
		var filter = UrlHandlerFilter.trailingSlashHandler("/api/**").wrapRequest().build();
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
