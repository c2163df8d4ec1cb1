import { z } from '../../shared/zod';

export const ORDERINGS = [
  '-created_at',
  'created_at',
  'name',
  '-name',
  'updated_at',
  '-updated_at',
  'expected_value',
  '-expected_value',
  'last_inbound_at',
  '-last_inbound_at',
  'score',
  '-score',
] as const;
export type Ordering = (typeof ORDERINGS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export const DEFAULT_FILTERS = {
  page: 1,
  page_size: 25,
  ordering: '-created_at' as Ordering,
};

const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A parse that drops a bad value instead of failing the whole URL. */
const optionalText = z.string().trim().min(1).max(200).optional().catch(undefined);
const optionalKey = z
  .string()
  .regex(/^[a-z0-9_-]{1,50}$/i)
  .optional()
  .catch(undefined);

/**
 * The leads list's filters as they live in the URL. Every field is optional in the URL; defaults
 * (page 1, 25 a page, newest first) are omitted when written back.
 */
export const leadFiltersSchema = z.object({
  search: optionalText,
  stage: optionalKey,
  source: optionalKey,
  is_whatsapp: z.enum(['true', 'false']).optional().catch(undefined),
  assigned_to: z
    .string()
    .regex(/^(\d+|me|none)$/)
    .optional()
    .catch(undefined),
  created_after: z.string().regex(isoDate).optional().catch(undefined),
  created_before: z.string().regex(isoDate).optional().catch(undefined),
  tags: optionalText,
  ordering: z.enum(ORDERINGS).catch(DEFAULT_FILTERS.ordering).default(DEFAULT_FILTERS.ordering),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  page_size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_FILTERS.page_size)
    .default(DEFAULT_FILTERS.page_size),
});

export type LeadFilters = z.infer<typeof leadFiltersSchema>;

const KEYS = Object.keys(leadFiltersSchema.shape) as (keyof LeadFilters)[];

export function parseLeadFilters(params: URLSearchParams): LeadFilters {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  return leadFiltersSchema.parse(raw);
}

/** The URL form: defaults and empty values left out, keys in a stable order. */
export function leadFiltersToSearchParams(filters: Partial<LeadFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value === undefined || value === null || value === '') continue;
    if (key in DEFAULT_FILTERS && DEFAULT_FILTERS[key as keyof typeof DEFAULT_FILTERS] === value) continue;
    params.set(key, String(value));
  }
  return params;
}

/**
 * Applies a change to the filters: any change but the page itself goes back to page 1.
 */
export function updateLeadFilters(current: LeadFilters, patch: Partial<LeadFilters>): LeadFilters {
  const next = { ...current, ...patch };
  const onlyPaging = Object.keys(patch).every((key) => key === 'page');
  if (!onlyPaging) next.page = patch.page ?? 1;
  return next;
}

/** The query the API takes (the same names; the API's default ordering is left to it). */
export function leadFiltersToQuery(filters: LeadFilters): Record<string, string | number | undefined> {
  return { ...filters };
}

/** How many filters narrow the list (paging and ordering are not filters). */
export function activeFilterCount(filters: LeadFilters): number {
  return (['search', 'stage', 'source', 'is_whatsapp', 'assigned_to', 'created_after', 'created_before', 'tags'] as const).filter(
    (key) => filters[key] !== undefined,
  ).length;
}
