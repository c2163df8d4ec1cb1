import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, type Page } from '../../shared/http';
import type { Task, TaskInput } from './types';

export type TaskListParams = Record<string, string | number | undefined>;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (params: TaskListParams) => [...taskKeys.lists(), params] as const,
};

export const taskQueries = {
  list: (params: TaskListParams) =>
    queryOptions({
      queryKey: taskKeys.list(params),
      queryFn: ({ signal }) => http<Page<Task>>('/api/tasks/', { query: params, signal }),
    }),
};

export function useCreateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskInput) => http<Task>('/api/tasks/', { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** Completes a task; it is marked done in the cached lists at once and restored on failure. */
export function useCompleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) => http<Task>(`/api/tasks/${task.id}/complete/`, { method: 'POST' }),
    onMutate: async (task) => {
      await client.cancelQueries({ queryKey: taskKeys.lists() });
      const snapshot = client.getQueriesData<Page<Task>>({ queryKey: taskKeys.lists() });
      client.setQueriesData<Page<Task>>({ queryKey: taskKeys.lists() }, (page) =>
        page
          ? { ...page, results: page.results.map((t) => (t.id === task.id ? { ...t, status: 'done', is_overdue: false, completed_at: new Date().toISOString() } : t)) }
          : page,
      );
      return { snapshot };
    },
    onError: (_error, _task, context) => {
      for (const [key, data] of context?.snapshot ?? []) client.setQueryData(key, data);
    },
    onSettled: () => client.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
