package io.tripdesk.demo.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** {@code tripdesk.demo=true}: an empty database gets the demo agency at start-up; a filled one is left alone. */
@Component
@Order(10)
@ConditionalOnBooleanProperty("tripdesk.demo")
class DemoDataRunner implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDataRunner.class);

	private final AgencyGenerator generator;

	private final DemoProperties size;

	DemoDataRunner(AgencyGenerator generator, DemoProperties size) {
		this.generator = generator;
		this.size = size;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!generator.generate(size)) {
			log.info("Demo data not generated: the database already has leads");
		}
	}

}
