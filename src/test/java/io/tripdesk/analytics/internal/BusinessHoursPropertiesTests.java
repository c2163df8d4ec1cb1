package io.tripdesk.analytics.internal;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Map;

import io.tripdesk.shared.AgencyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Business hours are optional configuration; days default to Monday to Friday. */
class BusinessHoursPropertiesTests {

	private static AgencyProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tripdesk.agency",
				AgencyProperties.class);
	}

	@Test
	void unsetMeansRoundTheClock() {
		assertThat(bind(Map.of()).businessHours()).isNull();
	}

	@Test
	void hoursBindWithWeekdaysByDefault() {
		var hours = bind(Map.of("tripdesk.agency.business-hours.start", "09:00", "tripdesk.agency.business-hours.end",
				"18:30")).businessHours();

		assertThat(hours).isNotNull();
		assertThat(hours.start()).isEqualTo(LocalTime.of(9, 0));
		assertThat(hours.end()).isEqualTo(LocalTime.of(18, 30));
		assertThat(hours.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
				DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
		assertThat(bind(Map.of("tripdesk.agency.business-hours.start", "10:00", "tripdesk.agency.business-hours.end",
				"14:00", "tripdesk.agency.business-hours.days", "SATURDAY")).businessHours().days())
			.containsExactly(DayOfWeek.SATURDAY);
	}

}
