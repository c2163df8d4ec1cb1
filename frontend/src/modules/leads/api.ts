import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { http, query, type Page } from '../../shared/http';

export type Lead = {
  id: number;
  name: string;
  phone: string | null;
  email: string | null;
  source: string;
  stage: string;
  assigned_to: number | null;
  destination: string | null;
  travel_start: string | null;
  travel_end: string | null;
  travelers: number | null;
  budget: number | null;
  expected_value: number | null;
  tags: string[];
  notes: string | null;
  is_whatsapp: boolean;
  last_inbound_at: string | null;
  created_at: string;
  updated_at: string;
};

export type LeadEvent = { id: number; type: string; payload: Record<string, unknown>; actor_id: number | null; created_at: string };
export type Stage = { key: string; label: string; position: number; is_won: boolean; is_lost: boolean };
export type Source = { key: string; label: string };

/** The lead list's filters, as they live in the URL. Defaults are left out of the URL. */
export const leadFilters = z.object({
  search: z.string().optional(),
  stage: z.string().optional(),
  source: z.string().optional(),
  assigned_to: z.string().optional(),
  ordering: z.string().optional(),
  page: z.coerce.number().int().min(1).optional(),
});

export type LeadFilters = z.infer<typeof leadFilters>;

export function filtersFrom(params: URLSearchParams): LeadFilters {
  const parsed = leadFilters.safeParse(Object.fromEntries(params.entries()));
  return parsed.success ? parsed.data : {};
}

export const leadKeys = {
  all: ['leads'] as const,
  lists: () => [...leadKeys.all, 'list'] as const,
  list: (filters: LeadFilters) => [...leadKeys.lists(), filters] as const,
  detail: (id: number) => [...leadKeys.all, 'detail', id] as const,
  events: (id: number) => [...leadKeys.all, 'events', id] as const,
  stages: ['leads', 'stages'] as const,
  sources: ['leads', 'sources'] as const,
};

export const leadListQuery = (filters: LeadFilters) =>
  queryOptions({
    queryKey: leadKeys.list(filters),
    queryFn: ({ signal }) => http<Page<Lead>>(`/leads/${query({ ...filters, page_size: 25 })}`, { signal }),
    placeholderData: keepPreviousData,
  });

export const leadQuery = (id: number) =>
  queryOptions({ queryKey: leadKeys.detail(id), queryFn: ({ signal }) => http<Lead>(`/leads/${id}/`, { signal }) });

export const leadEventsQuery = (id: number) =>
  queryOptions({
    queryKey: leadKeys.events(id),
    queryFn: ({ signal }) => http<Page<LeadEvent>>(`/leads/${id}/events/?page_size=50`, { signal }),
  });

export const stagesQuery = () =>
  queryOptions({ queryKey: leadKeys.stages, queryFn: ({ signal }) => http<Stage[]>('/leads/stages/', { signal }), staleTime: 600_000 });

export const sourcesQuery = () =>
  queryOptions({ queryKey: leadKeys.sources, queryFn: ({ signal }) => http<Source[]>('/leads/sources/', { signal }), staleTime: 600_000 });

export function changeStage(id: number, stage: string, note?: string): Promise<Lead> {
  return http<Lead>(`/leads/${id}/change-stage/`, { method: 'POST', body: { stage, note } });
}

export function createLead(body: Partial<Lead>): Promise<Lead> {
  return http<Lead>('/leads/', { method: 'POST', body });
}

export function updateLead(id: number, body: Partial<Lead>): Promise<Lead> {
  return http<Lead>(`/leads/${id}/`, { method: 'PATCH', body });
}

export function addNote(id: number, text: string): Promise<LeadEvent> {
  return http<LeadEvent>(`/leads/${id}/notes/`, { method: 'POST', body: { text } });
}
