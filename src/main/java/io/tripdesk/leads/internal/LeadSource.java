package io.tripdesk.leads.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a lead came from. {@code whatsapp_ad} is a Click-to-WhatsApp ad, with its referral kept on the lead. */
enum LeadSource {

	WHATSAPP("WhatsApp"), WHATSAPP_AD("WhatsApp ad"), WEBSITE("Website"), INSTAGRAM("Instagram"),
	FACEBOOK("Facebook"), GOOGLE_ADS("Google Ads"), REFERRAL("Referral"), PHONE("Phone call"), EMAIL("Email"),
	WALK_IN("Walk-in"), OTHER("Other");

	private final String label;

	LeadSource(String label) {
		this.label = label;
	}

	String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	String label() {
		return label;
	}

	static Optional<LeadSource> fromKey(String key) {
		return Arrays.stream(values()).filter(source -> source.key().equals(key)).findFirst();
	}

}
