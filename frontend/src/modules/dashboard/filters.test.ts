import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  analyticsParams,
  chartCsvUrl,
  dashboardFiltersToSearchParams,
  parseDashboardFilters,
  presetDates,
  resolveRange,
  updateDashboardFilters,
} from './filters';

const parse = (query: string) => parseDashboardFilters(new URLSearchParams(query));
// 2026-03-10, a Tuesday; months are 0-based in Date.
const today = new Date(2026, 2, 10, 15, 30);

describe('dashboard filters in the URL', () => {
  it('defaults to the last 30 days and writes nothing for it', () => {
    expect(parse('')).toEqual({ range: '30d' });
    expect(dashboardFiltersToSearchParams(parse('')).toString()).toBe('');
  });

  it('parses a preset with filters and round-trips', () => {
    const url = 'range=7d&source=whatsapp_ad&assigned_to=12&trip=5&granularity=week';
    const filters = parse(url);
    expect(filters).toEqual({ range: '7d', source: 'whatsapp_ad', assigned_to: '12', trip: '5', granularity: 'week' });
    expect(dashboardFiltersToSearchParams(filters).toString()).toBe(url);
    expect(activeFilterCount(filters)).toBe(3);
  });

  it('keeps a custom range only with both dates in order', () => {
    expect(parse('range=custom&from=2026-01-01&to=2026-01-31')).toEqual({ range: 'custom', from: '2026-01-01', to: '2026-01-31' });
    expect(parse('from=2026-01-01&to=2026-01-31').range).toBe('custom');
    expect(parse('range=custom&from=2026-02-01&to=2026-01-31')).toEqual({ range: '30d' });
    expect(parse('range=custom&from=2026-02-01')).toEqual({ range: '30d' });
    expect(parse('range=7d&from=2026-01-01&to=2026-01-31')).toEqual({ range: '7d' });
  });

  it('drops values it cannot use instead of failing', () => {
    expect(parse('range=year&from=yesterday&to=2026-13&source=a b&assigned_to=me&trip=-1&granularity=hour')).toEqual({ range: '30d' });
  });

  it('forgets the custom dates when a preset is chosen', () => {
    const custom = parse('range=custom&from=2026-01-01&to=2026-01-31&source=website');
    const next = updateDashboardFilters(custom, { range: '90d' });
    expect(next).toEqual({ range: '90d', source: 'website' });
    expect(dashboardFiltersToSearchParams(next).toString()).toBe('range=90d&source=website');
    expect(updateDashboardFilters(custom, { source: undefined })).toEqual({ range: 'custom', from: '2026-01-01', to: '2026-01-31' });
  });
});

describe('date ranges', () => {
  it('turns presets into inclusive dates ending today', () => {
    expect(presetDates('7d', today)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetDates('30d', today)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(presetDates('90d', today)).toEqual({ from: '2025-12-11', to: '2026-03-10' });
    expect(presetDates('month', today)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('leaves the default range to the API and sends custom dates as they are', () => {
    expect(resolveRange(parse(''), today)).toEqual({});
    expect(resolveRange(parse('range=month'), today)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(resolveRange(parse('from=2025-12-24&to=2026-01-06'), today)).toEqual({ from: '2025-12-24', to: '2026-01-06' });
  });
});

describe('request parameters and CSV links', () => {
  it('sends the range, the filters and the granularity', () => {
    expect(analyticsParams(parse('range=7d&source=website&assigned_to=3&trip=9&granularity=day'), today)).toEqual({
      from: '2026-03-04',
      to: '2026-03-10',
      source: 'website',
      assigned_to: '3',
      trip: '9',
      granularity: 'day',
    });
    expect(analyticsParams(parse(''), today)).toEqual({});
  });

  it('links each chart to its CSV with the same parameters', () => {
    const params = analyticsParams(parse('range=custom&from=2026-01-01&to=2026-01-31&source=website&granularity=week'), today);
    expect(chartCsvUrl('lead_trend', params)).toBe('/api/analytics/charts/lead-trend/?from=2026-01-01&to=2026-01-31&source=website&granularity=week&format=csv');
    expect(chartCsvUrl('attribution-ads', {})).toBe('/api/analytics/charts/attribution-ads/?format=csv');
    const url = new URL(chartCsvUrl('response_times', { assigned_to: '7' }), 'http://x');
    expect(url.pathname).toBe('/api/analytics/charts/response-times/');
    expect(Object.fromEntries(url.searchParams)).toEqual({ assigned_to: '7', format: 'csv' });
  });
});
