package io.tripdesk.shared.json;

import java.time.Instant;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

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

	/**
	 * A whole number or a boolean must come as one: 1.5 is not silently 1, "١٦" or " 16" not 16, 1 not true.
	 * Decimals may still come as strings ("1500.00", as money is often written to keep its digits), and an
	 * empty string still means null.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictScalars() {
		return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Integer,
					config -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail));
	}

}
