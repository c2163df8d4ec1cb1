import { z } from '../../shared/zod';
import { toQueryString } from '../../shared/http';
import type { Granularity } from './types';

/** The date ranges offered; `30d` is the API's own default, so it is left out of the URL and the request. */
export const PRESETS = ['7d', '30d', '90d', 'month', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<Preset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  custom: 'Custom range',
};

export const GRANULARITIES = ['day', 'week', 'month'] as const satisfies readonly Granularity[];

const DEFAULT_PRESET: Preset = '30d';
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const optionalDate = z.string().regex(isoDate).optional().catch(undefined);
const optionalId = z.string().regex(/^\d{1,18}$/).optional().catch(undefined);

const schema = z.object({
  range: z.enum(PRESETS).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  source: z.string().regex(/^[a-z0-9_-]{1,50}$/i).optional().catch(undefined),
  assigned_to: optionalId,
  trip: optionalId,
  granularity: z.enum(GRANULARITIES).optional().catch(undefined),
});

/** The dashboard's filters as they live in the URL. `from`/`to` are set only for a custom range. */
export type DashboardFilters = {
  range: Preset;
  from?: string;
  to?: string;
  source?: string;
  assigned_to?: string;
  trip?: string;
  granularity?: Granularity;
};

const KEYS = ['range', 'from', 'to', 'source', 'assigned_to', 'trip', 'granularity'] as const;

/**
 * Reads the filters, dropping what cannot be used. Dates without a preset mean a custom range (a
 * shared link may carry only them); a custom range needs both dates in order, else the default applies.
 */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const parsed = schema.parse(raw);
  const { from, to, ...rest } = parsed;
  const wantsCustom = parsed.range === 'custom' || (parsed.range === undefined && (from !== undefined || to !== undefined));
  if (wantsCustom && from && to && from <= to) return { ...rest, range: 'custom', from, to };
  const range = parsed.range && parsed.range !== 'custom' ? parsed.range : DEFAULT_PRESET;
  return dropUndefined({ ...rest, range });
}

/** The URL form: the default preset and empty values left out, keys in a stable order. */
export function dashboardFiltersToSearchParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    if (key === 'range' && value === DEFAULT_PRESET) continue;
    if ((key === 'from' || key === 'to') && filters.range !== 'custom') continue;
    params.set(key, value);
  }
  return params;
}

/** Applies a change; choosing a preset other than `custom` forgets the custom dates. */
export function updateDashboardFilters(current: DashboardFilters, patch: Partial<DashboardFilters>): DashboardFilters {
  const next = { ...current, ...patch };
  if (next.range !== 'custom') {
    delete next.from;
    delete next.to;
  }
  return dropUndefined(next);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function iso(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function daysBefore(today: Date, days: number): string {
  return iso(new Date(today.getFullYear(), today.getMonth(), today.getDate() - days));
}

/** The inclusive dates a preset stands for, ending today (the browser's day). */
export function presetDates(preset: Exclude<Preset, 'custom'>, today: Date = new Date()): { from: string; to: string } {
  const to = iso(today);
  switch (preset) {
    case '7d':
      return { from: daysBefore(today, 6), to };
    case '90d':
      return { from: daysBefore(today, 89), to };
    case 'month':
      return { from: iso(new Date(today.getFullYear(), today.getMonth(), 1)), to };
    default:
      return { from: daysBefore(today, 29), to };
  }
}

/**
 * The dates to ask for. The default preset sends none: the API then uses its own last 30 days in
 * the agency's time zone.
 */
export function resolveRange(filters: DashboardFilters, today: Date = new Date()): { from?: string; to?: string } {
  if (filters.range === 'custom') return { from: filters.from, to: filters.to };
  if (filters.range === DEFAULT_PRESET) return {};
  return presetDates(filters.range, today);
}

export type AnalyticsParams = {
  from?: string;
  to?: string;
  source?: string;
  assigned_to?: string;
  trip?: string;
  granularity?: Granularity;
};

/** The query every analytics endpoint takes, from the URL filters. */
export function analyticsParams(filters: DashboardFilters, today: Date = new Date()): AnalyticsParams {
  return dropUndefined({
    ...resolveRange(filters, today),
    source: filters.source,
    assigned_to: filters.assigned_to,
    trip: filters.trip,
    granularity: filters.granularity,
  });
}

/** `lead_trend` (the dashboard's key) → `lead-trend` (the chart endpoint's name). */
export function chartSlug(name: string): string {
  return name.replace(/_/g, '-');
}

/** The CSV download of one chart with the dashboard's parameters. */
export function chartCsvUrl(chart: string, params: AnalyticsParams): string {
  return `/api/analytics/charts/${chartSlug(chart)}/${toQueryString({ ...params, format: 'csv' })}`;
}

/** How many filters narrow the figures (the range is not one). */
export function activeFilterCount(filters: DashboardFilters): number {
  return (['source', 'assigned_to', 'trip'] as const).filter((key) => filters[key] !== undefined).length;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
