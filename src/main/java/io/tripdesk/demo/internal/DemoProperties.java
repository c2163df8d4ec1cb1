package io.tripdesk.demo.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The size and seed of the generated agency. The demo ({@code tripdesk.demo=true}) uses the defaults;
 * the benchmark asks for more, e.g. {@code --tripdesk.generator.leads=1000000 --tripdesk.generator.days=730}.
 *
 * @param leads how many leads
 * @param days over how many days before today they arrived
 * @param seed the same seed gives the same agency
 * @param agents how many agents besides the admin
 */
@ConfigurationProperties("tripdesk.generator")
record DemoProperties(@DefaultValue("300") int leads, @DefaultValue("90") int days, @DefaultValue("42") long seed,
		@DefaultValue("4") int agents) {
}
