package io.tripdesk.shared.json;

import java.time.Instant;
import java.util.SplittableRandom;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantSerializerTests extends IntegrationTest {

	@Autowired
	JsonMapper json;

	@Test
	void formatsEveryInstantAsTheJdkDoes() {
		SplittableRandom random = new SplittableRandom(20261204);
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
					Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 1);
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1000;
				default -> random.nextInt(1_000_000_000);
			};
			assertFormattedAsTheJdk(Instant.ofEpochSecond(seconds, nanos));
		}
		for (String text : new String[] { "1970-01-01T00:00:00Z", "2026-12-04T00:00:00Z", "2026-12-04T23:59:59.999999999Z",
				"2026-12-04T10:15:00Z", "2026-12-04T10:00:30.100Z", "2026-12-04T10:00:30.000100Z",
				"2026-12-04T10:00:30.000000100Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z",
				"9999-12-31T23:59:59.999999999Z" }) {
			assertFormattedAsTheJdk(Instant.parse(text));
		}
	}

	@Test
	void yearsThatNeedASignAreLeftToTheJdk() {
		for (Instant instant : new Instant[] { Instant.parse("+10000-01-01T00:00:00Z"),
				Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN }) {
			assertThat(IsoInstantSerializer.format(instant, new char[30])).isEqualTo(-1);
			assertThat(json.writeValueAsString(instant)).isEqualTo("\"" + instant + "\"");
		}
	}

	@Test
	void theApplicationsMapperWritesInstantsThroughIt() {
		assertThat(json._serializationContext().findValueSerializer(Instant.class))
			.isInstanceOf(IsoInstantSerializer.class);
		Instant instant = Instant.parse("2026-12-04T10:00:30.000100Z");
		assertThat(json.writeValueAsString(java.util.Map.of("created_at", instant)))
			.isEqualTo("{\"created_at\":\"2026-12-04T10:00:30.000100Z\"}");
	}

	private static void assertFormattedAsTheJdk(Instant instant) {
		char[] text = new char[30];
		int length = IsoInstantSerializer.format(instant, text);
		assertThat(new String(text, 0, length)).isEqualTo(instant.toString());
	}

}
