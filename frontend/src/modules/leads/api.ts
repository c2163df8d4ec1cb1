import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { errorMessage, http, type Page } from '../../shared/http';
import { leadFiltersToQuery, type LeadFilters } from './filters';
import { moveLeadInPage } from './stageMove';
import type { Lead, LeadEvent, LeadInput, Source, Stage } from './types';

/** The list query of the board's columns and the table: the URL filters plus overrides. */
export type LeadListParams = LeadFilters;

export const leadKeys = {
  all: ['leads'] as const,
  lists: () => [...leadKeys.all, 'list'] as const,
  list: (filters: LeadListParams) => [...leadKeys.lists(), filters] as const,
  details: () => [...leadKeys.all, 'detail'] as const,
  detail: (id: number) => [...leadKeys.details(), id] as const,
  events: (id: number) => [...leadKeys.detail(id), 'events'] as const,
  stages: () => [...leadKeys.all, 'stages'] as const,
  sources: () => [...leadKeys.all, 'sources'] as const,
  changeStage: () => [...leadKeys.all, 'change-stage'] as const,
};

export const leadQueries = {
  list: (filters: LeadListParams) =>
    queryOptions({
      queryKey: leadKeys.list(filters),
      queryFn: ({ signal }) => http<Page<Lead>>('/api/leads/', { query: leadFiltersToQuery(filters), signal }),
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: leadKeys.detail(id),
      queryFn: ({ signal }) => http<Lead>(`/api/leads/${id}/`, { signal }),
    }),
  events: (id: number) =>
    infiniteQueryOptions({
      queryKey: leadKeys.events(id),
      queryFn: ({ signal, pageParam }) =>
        http<Page<LeadEvent>>(`/api/leads/${id}/events/`, { query: { page: pageParam, page_size: 30 }, signal }),
      initialPageParam: 1,
      getNextPageParam: (last, _all, lastParam) => (last.next ? lastParam + 1 : undefined),
    }),
  stages: () =>
    queryOptions({
      queryKey: leadKeys.stages(),
      queryFn: ({ signal }) => http<Stage[]>('/api/leads/stages/', { signal }),
      staleTime: 30 * 60_000,
    }),
  sources: () =>
    queryOptions({
      queryKey: leadKeys.sources(),
      queryFn: ({ signal }) => http<Source[]>('/api/leads/sources/', { signal }),
      staleTime: 30 * 60_000,
    }),
};

export function stageLabel(stages: Stage[] | undefined, key: string): string {
  return stages?.find((s) => s.key === key)?.label ?? key;
}

export function stageColor(stage: Stage | undefined): string {
  if (!stage) return 'gray';
  if (stage.is_won) return 'green';
  if (stage.is_lost) return 'red';
  const palette = ['blue', 'cyan', 'teal', 'indigo', 'violet', 'grape', 'orange', 'yellow'];
  return palette[Math.floor(stage.position / 10) % palette.length] ?? 'blue';
}

export function useCreateLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadInput) => http<Lead>('/api/leads/', { method: 'POST', body }),
    onSuccess: (lead) => {
      client.setQueryData(leadKeys.detail(lead.id), lead);
      return client.invalidateQueries({ queryKey: leadKeys.lists() });
    },
  });
}

export function useUpdateLead(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadInput) => http<Lead>(`/api/leads/${id}/`, { method: 'PATCH', body }),
    onSuccess: (lead) => {
      client.setQueryData(leadKeys.detail(id), lead);
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: leadKeys.lists() }),
        client.invalidateQueries({ queryKey: leadKeys.events(id) }),
      ]),
  });
}

export function useDeleteLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/api/leads/${id}/`, { method: 'DELETE' }),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: leadKeys.detail(id) });
      return client.invalidateQueries({ queryKey: leadKeys.lists() });
    },
  });
}

export function useAddNote(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => http<LeadEvent>(`/api/leads/${id}/notes/`, { method: 'POST', body: { text } }),
    onSettled: () => client.invalidateQueries({ queryKey: leadKeys.events(id) }),
  });
}

export interface BulkChange {
  ids: number[];
  assigned_to?: number | null;
  stage?: string;
}

export function useBulkUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkChange) => http<{ updated: number }>('/api/leads/bulk/', { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: leadKeys.all }),
  });
}

export interface StageChange {
  lead: Lead;
  stage: string;
  note?: string;
}

interface StageChangeContext {
  snapshot: [QueryKey, unknown][];
}

function listStageOf(key: QueryKey): string | undefined {
  const filters = key[2] as Partial<LeadFilters> | undefined;
  return filters?.stage;
}

/**
 * Moves a lead to another stage at once in every cached list and its detail, then asks the server.
 * On failure the caches are restored and a toast says why; the lists are refetched only when the
 * last of several concurrent moves settles, so a slow answer cannot undo a later move.
 */
export function useChangeStage() {
  const client = useQueryClient();
  return useMutation<Lead, Error, StageChange, StageChangeContext>({
    mutationKey: leadKeys.changeStage(),
    mutationFn: ({ lead, stage, note }) =>
      http<Lead>(`/api/leads/${lead.id}/change-stage/`, { method: 'POST', body: { stage, note: note || undefined } }),
    onMutate: async ({ lead, stage }) => {
      await client.cancelQueries({ queryKey: leadKeys.lists() });
      await client.cancelQueries({ queryKey: leadKeys.detail(lead.id), exact: true });
      const snapshot: [QueryKey, unknown][] = [
        ...client.getQueriesData<Page<Lead>>({ queryKey: leadKeys.lists() }),
        [leadKeys.detail(lead.id), client.getQueryData(leadKeys.detail(lead.id))],
      ];
      for (const [key, page] of client.getQueriesData<Page<Lead>>({ queryKey: leadKeys.lists() })) {
        if (page) client.setQueryData(key, moveLeadInPage(page, listStageOf(key), lead, stage));
      }
      client.setQueryData<Lead>(leadKeys.detail(lead.id), (old) => (old ? { ...old, stage } : old));
      return { snapshot };
    },
    onError: (error, { lead }, context) => {
      for (const [key, data] of context?.snapshot ?? []) {
        client.setQueryData(key, data);
      }
      notifications.show({
        color: 'red',
        title: `${lead.name} was not moved`,
        message: errorMessage(error),
      });
    },
    onSuccess: (saved) => {
      client.setQueryData(leadKeys.detail(saved.id), saved);
    },
    onSettled: (_data, _error, { lead }) => {
      const events = client.invalidateQueries({ queryKey: leadKeys.events(lead.id) });
      if (client.isMutating({ mutationKey: leadKeys.changeStage() }) === 1) {
        return Promise.all([events, client.invalidateQueries({ queryKey: leadKeys.lists() })]);
      }
      return events;
    },
  });
}
