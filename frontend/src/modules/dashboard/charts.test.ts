import { describe, expect, it } from 'vitest';
import { cartesian, formatCell, formatDuration, funnelSteps, isEmptyChart, slices, toNumber, visibleColumns } from './charts';
import type { Chart } from './types';

const range = { from: '2026-11-01', to: '2026-11-03', previous_from: '2026-10-29', previous_to: '2026-10-31', time_zone: 'Europe/Madrid' };

function chart(partial: Pick<Chart, 'chart' | 'columns' | 'rows'> & Partial<Chart>): Chart {
  return { title: partial.chart, range, explanation: '', ...partial };
}

const leadTrend = chart({
  chart: 'lead-trend',
  granularity: 'month',
  columns: [
    { key: 'period', label: 'Month', type: 'date' },
    { key: 'whatsapp', label: 'WhatsApp', type: 'number' },
    { key: 'website', label: 'Website', type: 'number' },
  ],
  rows: [
    { period: '2026-10-01', whatsapp: 3, website: null },
    { period: '2026-11-01', whatsapp: '4', website: 2 },
  ],
});

describe('chart data from columns and rows', () => {
  it('makes the first column the x axis and every number column a series', () => {
    const { xKey, data, series } = cartesian(leadTrend);
    expect(xKey).toBe('period');
    expect(series.map((s) => [s.name, s.label])).toEqual([
      ['whatsapp', 'WhatsApp'],
      ['website', 'Website'],
    ]);
    expect(series[0]!.color).not.toBe(series[1]!.color);
    const oct = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(new Date(2026, 9, 1));
    expect(data[0]).toEqual({ period: oct, whatsapp: 3, website: 0 });
    expect(data[1]).toMatchObject({ whatsapp: 4, website: 2 });
  });

  it('keeps only the series asked for, and skips text columns', () => {
    const sources = chart({
      chart: 'sources',
      columns: [
        { key: 'source', label: 'Source', type: 'text' },
        { key: 'leads', label: 'Leads', type: 'number' },
        { key: 'conversion', label: 'Conversion', type: 'ratio' },
        { key: 'note', label: 'Note', type: 'text' },
      ],
      rows: [{ source: 'website', leads: 5, conversion: 0.2, note: 'x' }],
    });
    expect(cartesian(sources, ['leads']).series.map((s) => s.name)).toEqual(['leads']);
    expect(cartesian(sources).data).toEqual([{ source: 'website', leads: 5, conversion: 0.2 }]);
  });

  it('knows when there is nothing to draw', () => {
    expect(isEmptyChart(undefined)).toBe(true);
    expect(isEmptyChart({ ...leadTrend, rows: [] })).toBe(true);
    expect(isEmptyChart({ ...leadTrend, rows: [{ period: '2026-11-01', whatsapp: 0, website: '0' }] })).toBe(true);
    expect(isEmptyChart(leadTrend)).toBe(false);
  });

  it('builds donut slices without empty ones', () => {
    const sources = chart({
      chart: 'sources',
      columns: [
        { key: 'source', label: 'Source', type: 'text' },
        { key: 'leads', label: 'Leads', type: 'number' },
      ],
      rows: [
        { source: 'website', leads: 5 },
        { source: 'referral', leads: 0 },
        { source: 'whatsapp_ad', leads: '2' },
      ],
    });
    const result = slices(sources, 'source', 'leads', (key) => key.toUpperCase());
    expect(result.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'WEBSITE', value: 5 },
      { name: 'WHATSAPP_AD', value: 2 },
    ]);
  });

  it('reads the funnel with stage-to-stage conversion, none for the first stage', () => {
    const funnel = chart({
      chart: 'funnel',
      columns: [
        { key: 'stage', label: 'Stage', type: 'text' },
        { key: 'label', label: 'Label', type: 'text' },
        { key: 'reached', label: 'Reached', type: 'number' },
        { key: 'conversion_from_previous', label: 'From previous', type: 'ratio' },
      ],
      rows: [
        { stage: 'new', label: 'New', reached: 100, conversion_from_previous: null },
        { stage: 'qualified', label: 'Qualified', reached: 40, conversion_from_previous: 0.4 },
        { stage: 'won', label: 'Won', reached: 10, conversion_from_previous: '0.25' },
      ],
    });
    expect(funnelSteps(funnel)).toEqual([
      { stage: 'new', label: 'New', reached: 100, conversion: null },
      { stage: 'qualified', label: 'Qualified', reached: 40, conversion: 0.4 },
      { stage: 'won', label: 'Won', reached: 10, conversion: 0.25 },
    ]);
  });

  it('hides id and URL columns from tables', () => {
    const ads = chart({
      chart: 'attribution-ads',
      columns: ['ad_id', 'headline', 'source_url', 'leads'].map((key) => ({ key, label: key, type: key === 'leads' ? 'number' : 'text' })),
      rows: [],
    });
    expect(visibleColumns(ads).map((c) => c.key)).toEqual(['headline', 'leads']);
  });
});

describe('cell formatting', () => {
  it('formats by column type', () => {
    expect(toNumber('1200.50')).toBe(1200.5);
    expect(toNumber(null)).toBe(0);
    expect(toNumber('n/a')).toBe(0);
    expect(formatCell(null, 'money')).toBe('—');
    expect(formatCell('1200.5', 'money')).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 }).format(1200.5));
    expect(formatCell(0.25, 'ratio')).toBe(new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(0.25));
    expect(formatCell('< 5 min', 'text')).toBe('< 5 min');
    expect(formatCell(300, 'seconds')).toBe('5 min');
  });

  it('writes durations the way people say them', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(245)).toBe('4 min 5 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2 d 3 h');
    expect(formatDuration(null)).toBe('—');
  });
});
