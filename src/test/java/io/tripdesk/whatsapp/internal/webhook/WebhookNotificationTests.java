package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tripdesk.whatsapp.internal.messages.MessageStore;
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

	@Test
	void aStatusEchoesOurMessageIdAndItsRecipientOnlyWhenTheCallbackDataIsOurs() {
		byte[] body = """
				{"entry":[{"changes":[{"field":"messages","value":{"statuses":[
				{"id":"wamid.a","status":"sent","timestamp":"1","recipient_id":"15550000001",
				 "biz_opaque_callback_data":"tripdesk-message-42"},
				{"id":"wamid.b","status":"sent","timestamp":"1","recipient_user_id":"US.1",
				 "biz_opaque_callback_data":"tripdesk-message-7"},
				{"id":"wamid.c","status":"sent","timestamp":"1","biz_opaque_callback_data":"tripdesk-message-x42"},
				{"id":"wamid.d","status":"sent","timestamp":"1","biz_opaque_callback_data":"campaign-42"},
				{"id":"wamid.e","status":"sent","timestamp":"1","biz_opaque_callback_data":"tripdesk-message-99999999999999999999"},
				{"id":"wamid.f","status":"sent","timestamp":"1"}]}}]}]}"""
			.getBytes(StandardCharsets.UTF_8);

		List<MessageStore.ReportedStatus> statuses = WebhookNotification.read(0, body, JSON).statuses();

		assertThat(statuses).extracting(MessageStore.ReportedStatus::echo).containsExactly(
				new MessageStore.Echo(42, "15550000001", null), new MessageStore.Echo(7, null, "US.1"), null, null, null,
				null);
	}

}
