import { z } from '../../shared/zod';

export const TASK_VIEWS = ['mine', 'today', 'overdue', 'all'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export const taskSearchSchema = z.object({
  view: z.enum(TASK_VIEWS).catch('mine').default('mine'),
  status: z.enum(['open', 'in_progress', 'done', 'cancelled', 'any']).catch('open').default('open'),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});
export type TaskSearch = z.infer<typeof taskSearchSchema>;

export function parseTaskSearch(params: URLSearchParams): TaskSearch {
  return taskSearchSchema.parse(Object.fromEntries([...params.entries()].filter(([, v]) => v !== '')));
}

export function taskSearchToParams(search: TaskSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.view !== 'mine') params.set('view', search.view);
  if (search.status !== 'open') params.set('status', search.status);
  if (search.page !== 1) params.set('page', String(search.page));
  return params;
}

/** The API query of a view, for the day of `now` in the browser's time zone. */
export function taskViewQuery(search: TaskSearch, now = new Date()): Record<string, string | number | undefined> {
  const query: Record<string, string | number | undefined> = {
    page: search.page,
    page_size: 25,
    status: search.status === 'any' ? undefined : search.status,
    ordering: 'due_at',
  };
  if (search.view === 'mine') query.assigned_to = 'me';
  if (search.view === 'overdue') query.overdue = 'true';
  if (search.view === 'today') {
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const end = new Date(start.getTime() + 24 * 3600 * 1000 - 1);
    query.due_after = start.toISOString();
    query.due_before = end.toISOString();
  }
  return query;
}
