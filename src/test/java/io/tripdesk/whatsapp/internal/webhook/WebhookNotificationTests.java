package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookNotificationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aNotificationSplitsIntoOneAMessageWithItsContactsAndOneForTheRest() {
		byte[] body = """
				{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
				"metadata":{"phone_number_id":"2"},
				"contacts":[{"profile":{"name":"Ida"},"wa_id":"15550000001"},{"profile":{"name":"Ada"},"wa_id":"15550000002"}],
				"messages":[{"from":"15550000001","id":"wamid.1","timestamp":"1","type":"text","text":{"body":"One"}},
				            {"from":"15550000002","id":"wamid.2","timestamp":"1","type":"text","text":{"body":"Two"}}],
				"statuses":[{"id":"wamid.out","status":"read","timestamp":"1"}]}}]}]}"""
			.getBytes(StandardCharsets.UTF_8);

		List<WebhookNotification> parts = WebhookNotification.split(body, JSON).stream()
			.map(part -> WebhookNotification.read(0, part, JSON)).toList();

		assertThat(parts).hasSize(3);
		assertThat(parts.get(0).messages()).singleElement()
			.satisfies(message -> assertThat(message.contact().profileName()).isEqualTo("Ida"));
		assertThat(parts.get(1).messages()).singleElement()
			.satisfies(message -> assertThat(message.contact().profileName()).isEqualTo("Ada"));
		assertThat(parts.subList(0, 2)).allSatisfy(part -> assertThat(part.statuses()).isEmpty());
		assertThat(parts.get(2).messages()).isEmpty();
		assertThat(parts.get(2).statuses()).singleElement()
			.satisfies(status -> assertThat(status.wamid()).isEqualTo("wamid.out"));
	}

	@Test
	void aNotificationOfOneMessageIsOnePart() {
		byte[] body = """
				{"entry":[{"changes":[{"field":"messages","value":{"contacts":[{"wa_id":"15550000001"}],
				"messages":[{"from":"15550000001","id":"wamid.1","type":"text","text":{"body":"One"}}]}}]}]}"""
			.getBytes(StandardCharsets.UTF_8);

		assertThat(WebhookNotification.split(body, JSON)).hasSize(1);
		assertThat(WebhookNotification.split("{not json".getBytes(StandardCharsets.UTF_8), JSON)).hasSize(1);
	}

}
