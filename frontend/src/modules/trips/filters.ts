import { z } from '../../shared/zod';

export const TRIP_ORDERINGS = ['start_date', '-start_date', 'title', '-title', 'price', '-price', 'created_at', '-created_at'] as const;

export const tripFiltersSchema = z.object({
  search: z.string().trim().min(1).max(200).optional().catch(undefined),
  status: z.enum(['draft', 'open', 'closed', 'cancelled']).optional().catch(undefined),
  upcoming: z.enum(['true']).optional().catch(undefined),
  ordering: z.enum(TRIP_ORDERINGS).catch('start_date').default('start_date'),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).catch(25).default(25),
});

export type TripFilters = z.infer<typeof tripFiltersSchema>;

const DEFAULTS: Partial<Record<keyof TripFilters, unknown>> = { ordering: 'start_date', page: 1, page_size: 25 };

export function parseTripFilters(params: URLSearchParams): TripFilters {
  return tripFiltersSchema.parse(Object.fromEntries([...params.entries()].filter(([, v]) => v !== '')));
}

export function tripFiltersToSearchParams(filters: Partial<TripFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || DEFAULTS[key as keyof TripFilters] === value) continue;
    params.set(key, String(value));
  }
  return params;
}
