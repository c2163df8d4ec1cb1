package io.tripdesk.leads.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.tripdesk.leads.WhatsAppContact;
import org.jspecify.annotations.Nullable;

/**
 * The leads one batch of WhatsApp contacts may belong to, by each identifier a contact can be matched on.
 * A lead created or completed during the batch is put back, so the same customer's next message finds it.
 */
final class WhatsAppCustomers {

	private final Map<String, Lead> byUserId = new HashMap<>();

	private final Map<String, Lead> byWaId = new HashMap<>();

	private final Map<String, Lead> byPhone = new HashMap<>();

	WhatsAppCustomers(Iterable<Lead> leads) {
		leads.forEach(this::put);
	}

	void put(Lead lead) {
		if (lead.waUserId() != null) {
			byUserId.put(lead.waUserId(), lead);
		}
		if (lead.waId() != null) {
			byWaId.put(lead.waId(), lead);
		}
		if (lead.phone() != null) {
			byPhone.put(lead.phone(), lead);
		}
	}

	/** The contact's lead by identity: the business-scoped user id first, then the WhatsApp id. */
	Optional<Lead> byIdentity(WhatsAppContact contact) {
		Lead lead = contact.waUserId() == null ? null : byUserId.get(contact.waUserId());
		if (lead == null && contact.waId() != null) {
			lead = byWaId.get(contact.waId());
		}
		return Optional.ofNullable(lead);
	}

	Optional<Lead> byPhone(@Nullable String phoneE164) {
		return phoneE164 == null ? Optional.empty() : Optional.ofNullable(byPhone.get(phoneE164));
	}

}
