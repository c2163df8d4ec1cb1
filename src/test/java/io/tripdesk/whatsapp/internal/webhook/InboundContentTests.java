package io.tripdesk.whatsapp.internal.webhook;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message type of the reference becomes a text to show, its details, and its media. */
class InboundContentTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static InboundContent of(String message) {
		JsonNode node = json.readTree(message.replace('\'', '"'));
		return InboundContent.of(node);
	}

	@Test
	void text() {
		InboundContent content = of("{'type':'text','text':{'body':'Hello   there\\nfriend'}}");

		assertThat(content.body()).isEqualTo("Hello   there\nfriend");
		assertThat(content.preview()).isEqualTo("Hello there friend");
		assertThat(content.mediaId()).isNull();
	}

	@Test
	void aReplyKeepsTheQuotedMessage() {
		InboundContent content = of("{'type':'text','text':{'body':'Yes'},'context':{'from':'15550001234','id':'wamid.quoted'}}");

		assertThat(content.content().path("context").path("id").asString()).isEqualTo("wamid.quoted");
	}

	@Test
	void imageWithCaption() {
		InboundContent content = of("{'type':'image','image':{'id':'m1','mime_type':'image/jpeg','sha256':'x','caption':'Hotel'}}");

		assertThat(content.body()).isEqualTo("Hotel");
		assertThat(content.mediaId()).isEqualTo("m1");
		assertThat(content.mediaMimeType()).isEqualTo("image/jpeg");
		assertThat(content.preview()).isEqualTo("Photo: Hotel");
	}

	@Test
	void voiceNoteAndAudioFile() {
		assertThat(of("{'type':'audio','audio':{'id':'m2','mime_type':'audio/ogg; codecs=opus','voice':true}}").preview())
			.isEqualTo("Voice message");
		assertThat(of("{'type':'audio','audio':{'id':'m3','mime_type':'audio/mpeg','voice':false}}").preview())
			.isEqualTo("Audio");
	}

	@Test
	void videoDocumentAndSticker() {
		InboundContent video = of("{'type':'video','video':{'id':'v1','mime_type':'video/mp4','caption':'Beach'}}");
		InboundContent document = of("{'type':'document','document':{'id':'d1','mime_type':'application/pdf','filename':'passport.pdf'}}");
		InboundContent sticker = of("{'type':'sticker','sticker':{'id':'s1','mime_type':'image/webp','animated':false}}");

		assertThat(video.preview()).isEqualTo("Video: Beach");
		assertThat(video.mediaId()).isEqualTo("v1");
		assertThat(document.body()).isEqualTo("passport.pdf");
		assertThat(document.mediaMimeType()).isEqualTo("application/pdf");
		assertThat(sticker.preview()).isEqualTo("Sticker");
		assertThat(sticker.mediaId()).isEqualTo("s1");
	}

	@Test
	void location() {
		assertThat(of("{'type':'location','location':{'latitude':40.4,'longitude':-3.7,'name':'Plaza','address':'Calle 1'}}")
			.body()).isEqualTo("Plaza");
		assertThat(of("{'type':'location','location':{'latitude':40.4,'longitude':-3.7}}").body())
			.isEqualTo("Location 40.4, -3.7");
	}

	@Test
	void sharedContacts() {
		InboundContent content = of("{'type':'contacts','contacts':[{'name':{'formatted_name':'Ken Ito'},"
				+ "'phones':[{'phone':'+1 555 000 4321','wa_id':'15550004321','type':'CELL'}]},{'name':{'formatted_name':'Ana'}}]}");

		assertThat(content.body()).isEqualTo("Shared contact: Ken Ito, Ana");
		assertThat(content.content().path("contacts").get(0).path("phones").get(0).path("wa_id").asString())
			.isEqualTo("15550004321");
	}

	@Test
	void buttonAndListRepliesAndTemplateQuickReplies() {
		assertThat(of("{'type':'interactive','interactive':{'type':'button_reply','button_reply':{'id':'b','title':'Book a call'}}}")
			.body()).isEqualTo("Book a call");
		InboundContent list = of("{'type':'interactive','interactive':{'type':'list_reply','list_reply':"
				+ "{'id':'peru','title':'Peru, 8 days','description':'From 1,990'}}}");
		assertThat(list.body()).isEqualTo("Peru, 8 days");
		assertThat(list.content().path("list_reply").path("id").asString()).isEqualTo("peru");
		InboundContent button = of("{'type':'button','button':{'payload':'lead_4711_yes','text':'Yes, call me'}}");
		assertThat(button.body()).isEqualTo("Yes, call me");
		assertThat(button.content().path("payload").asString()).isEqualTo("lead_4711_yes");
	}

	@Test
	void reactionsAndTheirRemoval() {
		InboundContent added = of("{'type':'reaction','reaction':{'message_id':'wamid.target','emoji':'\\ud83d\\udc4d'}}");
		InboundContent removedWithoutEmoji = of("{'type':'reaction','reaction':{'message_id':'wamid.target'}}");
		InboundContent removedWithEmptyEmoji = of("{'type':'reaction','reaction':{'message_id':'wamid.target','emoji':''}}");

		assertThat(added.isReaction()).isTrue();
		assertThat(added.reactionTarget()).isEqualTo("wamid.target");
		assertThat(added.reactionEmoji()).isEqualTo("\uD83D\uDC4D");
		assertThat(removedWithoutEmoji.reactionEmoji()).isNull();
		assertThat(removedWithEmptyEmoji.reactionEmoji()).isNull();
		assertThat(removedWithoutEmoji.preview()).isEqualTo("Removed a reaction");
	}

	@Test
	void unsupportedOrderSystemAndTypesMetaAddsLater() {
		InboundContent unsupported = of("{'type':'unsupported','unsupported':{'type':'poll_creation'},"
				+ "'errors':[{'code':131051,'title':'Message type unknown'}]}");
		assertThat(unsupported.body()).contains("poll_creation");
		assertThat(unsupported.content().path("errors").get(0).path("code").asInt()).isEqualTo(131051);

		assertThat(of("{'type':'order','order':{'catalog_id':'c','product_items':[{'product_retailer_id':'p'},{}]}}").body())
			.isEqualTo("Order of 2 item(s)");
		assertThat(of("{'type':'system','system':{'body':'User changed number','type':'user_changed_number'}}").body())
			.isEqualTo("User changed number");

		InboundContent edit = of("{'type':'edit','edit':{'original_message_id':'wamid.o','message':{'type':'text'}}}");
		assertThat(edit.type()).isEqualTo("edit");
		assertThat(edit.content().path("original_message_id").asString()).isEqualTo("wamid.o");
		assertThat(of("{'id':'wamid.x'}").type()).isEqualTo("unknown");
	}


	@Test
	void aFieldOfTheWrongShapeIsAbsent() {
		assertThat(of("{'type':'text','text':'hi'}").body()).isEmpty();
		assertThat(of("{'type':'text','text':{'body':{'b':'hi'}}}").body()).isEmpty();
		assertThat(of("{'type':{'t':'text'},'text':{'body':'hi'}}").type()).isEqualTo("unknown");
		assertThat(of("{'type':7}").type()).isEqualTo("unknown");

		InboundContent image = of("{'type':'image','image':{'id':{'i':1},'mime_type':['image/jpeg'],'caption':5}}");
		assertThat(image.mediaId()).isNull();
		assertThat(image.mediaMimeType()).isNull();
		assertThat(image.preview()).isEqualTo("Photo");
		assertThat(of("{'type':'audio','audio':{'id':'m','voice':'true'}}").preview()).isEqualTo("Audio");

		assertThat(of("{'type':'location','location':{'latitude':{'x':1},'longitude':[2],'name':7}}").body())
			.isEqualTo("Location");
		assertThat(of("{'type':'location','location':{'latitude':'40.4','longitude':-3.7}}").body()).isEqualTo("Location");
		assertThat(of("{'type':'contacts','contacts':{'name':{'formatted_name':'Ken'}}}").body()).isEqualTo("Shared a contact");
		assertThat(of("{'type':'contacts','contacts':['Ken',{'name':'Ana'},{'name':{'formatted_name':['Ito']}}]}").body())
			.isEqualTo("Shared a contact");
		assertThat(of("{'type':'interactive','interactive':{'type':['button_reply'],'button_reply':{'title':'x'}}}").body())
			.isEqualTo("Interactive reply");
		assertThat(of("{'type':'interactive','interactive':{'type':'button_reply','button_reply':{'title':{'t':'x'}}}}").body())
			.isEqualTo("Interactive reply");
		assertThat(of("{'type':'button','button':{'text':{'t':1},'payload':'yes'}}").body()).isEqualTo("yes");
		assertThat(of("{'type':'order','order':{'product_items':{'a':{},'b':{}}}}").body()).isEqualTo("Order of 0 item(s)");
		assertThat(of("{'type':'system','system':{'body':['x']}}").body()).isEqualTo("System message");
		assertThat(of("{'type':'unsupported','unsupported':{'type':{'t':'poll'}}}").body()).contains("(unknown)");

		InboundContent reaction = of("{'type':'reaction','reaction':{'message_id':{'id':'wamid.target'},'emoji':['x']}}");
		assertThat(reaction.reactionTarget()).isNull();
		assertThat(reaction.reactionEmoji()).isNull();
		assertThat(reaction.preview()).isEqualTo("Removed a reaction");
	}

}
