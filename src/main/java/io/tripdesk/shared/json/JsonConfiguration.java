package io.tripdesk.shared.json;

import java.time.Instant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleModule;

/** Additions to the JSON mapper Spring Boot configures (it registers every JacksonModule bean). */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

	@Bean
	JacksonModule isoInstants() {
		return new SimpleModule("tripdesk-iso-instants").addSerializer(Instant.class, new IsoInstantSerializer());
	}

	@Bean
	JacksonModule checkedValues() {
		return new SimpleModule("tripdesk-checked-values").setDeserializerModifier(new CheckedValues());
	}

}
