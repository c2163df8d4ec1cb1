package io.tripdesk.whatsapp.internal.webhook;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void storableTextIsKeptAsItIs() {
		String text = "Hola! 👍 Japan in April?";

		assertThat(StorableText.of(text, StorableText.TEXT)).isSameAs(text);
	}

	@Test
	void nulIsLeftOutAndHalfASurrogatePairReplaced() {
		assertThat(StorableText.of("Hel\0lo", StorableText.TEXT)).isEqualTo("Hello");
		assertThat(StorableText.of("a\uD83Db", StorableText.TEXT)).isEqualTo("a\uFFFDb");
		assertThat(StorableText.of("a\uDC4D", StorableText.TEXT)).isEqualTo("a\uFFFD");
	}

	@Test
	void aLongTextIsCutButNeverInsideASurrogatePair() {
		assertThat(StorableText.of("abcdef", 4)).isEqualTo("abcd");
		assertThat(StorableText.of("abc👍def", 4)).as("the emoji would need 5").isEqualTo("abc");
		assertThat(StorableText.of("\0".repeat(10) + "abcdef", 4)).as("cut after NUL is left out").isEqualTo("abcd");
	}

	@Test
	void everyStringOfATreeIsMendedPropertyNamesToo() {
		JsonNode tree = JSON.readTree("""
				{"text":{"body":"Hi\\u0000!"},"list":["\\ud83d",{"k\\u0000ey":""}],"n":1}""");

		StorableText.tree(tree);

		assertThat(JSON.writeValueAsString(tree)).isEqualTo("{\"text\":{\"body\":\"Hi!\"},\"list\":[\"\uFFFD\",{\"key\":\"\"}],\"n\":1}");
	}

}
