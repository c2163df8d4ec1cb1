package io.tripdesk.whatsapp.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tripdesk.whatsapp.internal.messages.MessageStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

	@Test
	void aMessageWithoutAnIdOrASenderAsTextMakesItsNotificationUnprocessable() {
		for (String message : List.of("{'id':{'a':'wamid.1'},'from':'15550000001'}", "{'id':['wamid.1'],'from':'15550000001'}",
				"{'id':4711,'from':'15550000001'}", "{'from':'15550000001'}", "{'id':'wamid.1','from':{'a':'15550000001'}}",
				"{'id':'wamid.1','from':['15550000001']}", "{'id':'wamid.1','from':15550000001}",
				"{'id':'wamid.1','from':' ','from_user_id':{'u':'US.1'}}", "'wamid.1'", "null")) {
			byte[] body = envelope("'messages':[" + message + "]");

			assertThatThrownBy(() -> WebhookNotification.read(0, body, JSON)).as(message)
				.isInstanceOf(NotificationProcessor.Unprocessable.class)
				.hasMessageContaining("without a usable id or sender");
		}
	}

	@Test
	void aValueOfTheWrongShapeIsAbsentAndTheRestIsRead() {
		byte[] body = envelope("""
				'contacts':{'profile':{'name':'Ida'},'wa_id':'15550000001'},
				'messages':[{'from':'15550000001','id':'wamid.1','timestamp':'abc','type':'text','text':'hi',
				             'context':{'id':['wamid.0']},'referral':{'source_id':{'s':1},'headline':['h'],'ctwa_clid':'c'}},
				            {'from':'15550000001','id':'wamid.2','timestamp':{'t':1},'type':'text','text':{'body':'Two'}}],
				'statuses':[{'id':{'a':1},'status':'read'},{'id':'wamid.out','status':{'s':'read'}},'read',
				            {'id':'wamid.out','status':'failed','timestamp':'12',
				             'errors':[{'code':'abc','title':{'t':1},'message':7,'error_data':{'details':['d']}}]},
				            {'id':'wamid.out','status':'read','timestamp':12,'errors':'none'}],
				'errors':[{'code':'abc','title':['x']},'oops',{'code':131000,'title':'Something went wrong'}]""");

		WebhookNotification notification = WebhookNotification.read(0, body, JSON);

		assertThat(notification.messages()).extracting(WebhookNotification.Inbound::wamid).containsExactly("wamid.1", "wamid.2");
		WebhookNotification.Inbound first = notification.messages().get(0);
		assertThat(first.contact().profileName()).as("contacts that are not a list are none").isNull();
		assertThat(first.content().body()).isEmpty();
		assertThat(first.contextWamid()).isNull();
		assertThat(first.contact().referral()).isNotNull()
			.satisfies(referral -> assertThat(referral.sourceId()).isNull())
			.satisfies(referral -> assertThat(referral.headline()).isNull())
			.satisfies(referral -> assertThat(referral.ctwaClid()).isEqualTo("c"));
		assertThat(first.at()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
		assertThat(notification.statuses()).hasSize(2);
		assertThat(notification.statuses().get(0)).satisfies(failed -> {
			assertThat(failed.at()).isEqualTo(Instant.ofEpochSecond(12));
			assertThat(failed.errorCode()).isNull();
			assertThat(failed.errorTitle()).isNull();
			assertThat(failed.errorDetail()).isNull();
		});
		assertThat(notification.statuses().get(1).at()).as("epoch seconds as a number").isEqualTo(Instant.ofEpochSecond(12));
		assertThat(notification.errors()).containsExactly(new WebhookNotification.ReportedError(0, ""),
				new WebhookNotification.ReportedError(131000, "Something went wrong"));
	}

	@Test
	void entriesAndChangesOfTheWrongShapeSayNothing() {
		byte[] body = """
				{"entry":["x",7,null,{"changes":{"c":{"field":"messages","value":{"messages":[{"from":"1","id":"wamid.0"}]}}}},
				 {"changes":"y"},{"changes":[["z"],{"field":"messages","value":"v"},
				  {"field":["messages"],"value":{"messages":{"m":{"from":"1","id":"wamid.0"}},"statuses":{"s":{"id":"wamid.0",
				   "status":"read"}}}},
				  {"field":"messages","value":{"messages":[{"from":"15550000001","id":"wamid.1","type":"text"}]}}]}]}"""
			.getBytes(StandardCharsets.UTF_8);

		List<byte[]> parts = WebhookNotification.split(body, JSON);
		WebhookNotification notification = WebhookNotification.read(0, body, JSON);

		assertThat(notification.messages()).extracting(WebhookNotification.Inbound::wamid).containsExactly("wamid.1");
		assertThat(notification.statuses()).isEmpty();
		assertThat(parts).hasSize(1);
		assertThat(WebhookNotification.read(0, parts.get(0), JSON).messages()).extracting(WebhookNotification.Inbound::wamid)
			.containsExactly("wamid.1");
	}

	@Test
	void aBodyThatIsNotJsonIsUnprocessableSayingWhereWithoutQuotingIt() {
		byte[] body = "{\"entry\": NullPointerException at io.tripdesk SQL}".getBytes(StandardCharsets.UTF_8);

		assertThatThrownBy(() -> WebhookNotification.read(0, body, JSON))
			.isInstanceOf(NotificationProcessor.Unprocessable.class)
			.hasMessage("Not JSON (line 1, column 11)");
	}

	private static byte[] envelope(String value) {
		return ("{'entry':[{'id':'1','changes':[{'field':'messages','value':{" + value + "}}]}]}").replace('\'', '"')
			.getBytes(StandardCharsets.UTF_8);
	}

}
