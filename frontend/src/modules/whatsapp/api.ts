import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, query, type Page } from '../../shared/http';

export type Window = { open: boolean; last_inbound_at: string | null; expires_at: string | null };

export type Conversation = {
  lead_id: number;
  lead_name: string;
  phone: string | null;
  assigned_to: number | null;
  last_message_at: string;
  last_message_preview: string | null;
  last_direction: 'in' | 'out';
  unread_count: number;
  window: Window;
};

export type Message = {
  id: number;
  lead_id: number;
  wamid: string | null;
  direction: 'in' | 'out';
  type: string;
  body: string | null;
  content: Record<string, unknown>;
  media_id: string | null;
  customer_reaction: string | null;
  status: string;
  error_code: number | null;
  error_detail: string | null;
  created_at: string;
};

export type Template = { name: string; language: string; status: string; category: string; body_parameters: number };

export const whatsappKeys = {
  all: ['whatsapp'] as const,
  conversations: (filter: string) => ['whatsapp', 'conversations', filter] as const,
  conversation: (leadId: number) => ['whatsapp', 'conversation', leadId] as const,
  messages: (leadId: number) => ['whatsapp', 'messages', leadId] as const,
  templates: ['whatsapp', 'templates'] as const,
  status: ['whatsapp', 'status'] as const,
};

export const conversationsQuery = (filter: string) =>
  queryOptions({
    queryKey: whatsappKeys.conversations(filter),
    queryFn: ({ signal }) => http<Page<Conversation>>(`/api/whatsapp/conversations/${query({ filter, page_size: 50 })}`, { signal }),
  });

export const conversationQuery = (leadId: number) =>
  queryOptions({
    queryKey: whatsappKeys.conversation(leadId),
    queryFn: ({ signal }) => http<Conversation>(`/api/whatsapp/conversations/${leadId}/`, { signal }),
    retry: false,
  });

export const messagesQuery = (leadId: number) =>
  queryOptions({
    queryKey: whatsappKeys.messages(leadId),
    queryFn: ({ signal }) => http<Page<Message>>(`/api/whatsapp/conversations/${leadId}/messages/?page_size=100`, { signal }),
  });

/** `GET /api/whatsapp/status/` (StatusController): Meta's view of the number beside Tripdesk's own queues. */
export type WhatsAppStatus = {
  mode: 'sandbox' | 'live';
  health: 'green' | 'yellow' | 'red';
  phone: {
    fields: {
      display_phone_number?: string;
      verified_name?: string;
      status?: string;
      quality_rating?: string;
      account_mode?: string;
      [field: string]: unknown;
    } | null;
    error: string | null;
    checked_at: string;
  };
  webhooks: { last_received_at: string | null; signature_failures: number; backlog: number; failing: number; dead: number; last_error: string | null };
  sending: { queue_depth: number; failed_last_hour: number; circuit: string };
  /** Admins only. `app_secret` is set only when Tripdesk generated it (sandbox); null means configured. */
  settings: {
    webhook_path: string;
    verify_token: string;
    verify_token_generated: boolean;
    app_secret: string | null;
    phone_number_id: string;
    business_account_id: string;
    graph_version: string;
  } | null;
};

export const statusQuery = () =>
  queryOptions({
    queryKey: whatsappKeys.status,
    queryFn: ({ signal }) => http<WhatsAppStatus>('/api/whatsapp/status/', { signal }),
    staleTime: 30_000,
  });

/**
 * "Sync data": admins re-sync the templates from Meta; then every query is refetched, so each view
 * shows fresh data whatever the sync's outcome. Resolves to the synced templates (none for agents).
 */
export function useSyncData(isAdmin: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (isAdmin ? http<Template[]>('/api/whatsapp/templates/sync/', { method: 'POST' }) : null),
    onSettled: () => client.invalidateQueries(),
  });
}

export const templatesQuery = () =>
  queryOptions({ queryKey: whatsappKeys.templates, queryFn: ({ signal }) => http<Template[]>('/api/whatsapp/templates/', { signal }) });

export function sendText(leadId: number, text: string, idempotencyKey: string): Promise<Message> {
  return http<Message>('/api/whatsapp/send-message/', { method: 'POST', body: { lead_id: leadId, type: 'text', text, idempotency_key: idempotencyKey } });
}

export function sendTemplate(leadId: number, name: string, language: string, parameters: string[]): Promise<Message> {
  return http<Message>('/api/whatsapp/send-message/', {
    method: 'POST',
    body: { lead_id: leadId, type: 'template', template: { name, language, parameters } },
  });
}

export function markRead(leadId: number): Promise<Conversation> {
  return http<Conversation>(`/api/whatsapp/conversations/${leadId}/read/`, { method: 'POST' });
}

/** Statuses in the order a message goes through them; a late, lower one never replaces a higher one. */
const statusRank: Record<string, number> = { queued: 0, sending: 1, accepted: 2, sent: 3, failed: 4, delivered: 5, read: 6, played: 7 };

export function laterStatus(current: string, incoming: string): string {
  return (statusRank[incoming] ?? -1) > (statusRank[current] ?? -1) ? incoming : current;
}
