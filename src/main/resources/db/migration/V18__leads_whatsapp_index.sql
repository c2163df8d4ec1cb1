-- WhatsApp contacts, newest first: the is_whatsapp filter's list and its count read only these entries.
CREATE INDEX lead_whatsapp_created_idx ON lead (created_at DESC, id DESC) WHERE wa_id IS NOT NULL OR wa_user_id IS NOT NULL;
