import { formatDate, formatMoney, formatPercent } from '../../shared/format';
import type { Cell, Chart, ChartColumn, ColumnType, Granularity } from './types';

/** Series colours as theme names, so they follow the colour scheme (CSS variables). */
export const PALETTE = ['blue.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'yellow.7', 'red.6', 'indigo.5', 'lime.7', 'pink.6'];

/** `blue.6` → its CSS variable, for elements outside the charts. */
export const themeColor = (name: string): string => `var(--mantine-color-${name.replace('.', '-')})`;

export const colorAt = (index: number): string => PALETTE[index % PALETTE.length]!;

const NUMERIC: ReadonlySet<ColumnType> = new Set(['number', 'money', 'ratio', 'seconds']);

export function isNumeric(column: ChartColumn): boolean {
  return NUMERIC.has(column.type);
}

/** A cell as a number: money can come as a decimal string, a missing value counts as 0. */
export function toNumber(cell: Cell | undefined): number {
  if (cell === null || cell === undefined || cell === '') return 0;
  const value = typeof cell === 'number' ? cell : Number(cell);
  return Number.isFinite(value) ? value : 0;
}

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return count.format(value);
}

/** `42 s`, `4 min 5 s`, `1 h 5 min`, `2 d 3 h`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 || s >= 600 ? `${Math.round(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) {
    const minutes = Math.round((s % 3600) / 60);
    return minutes === 0 || minutes === 60 ? `${Math.round(s / 3600)} h` : `${Math.floor(s / 3600)} h ${minutes} min`;
  }
  const hours = Math.round((s % 86_400) / 3600);
  return hours === 0 || hours === 24 ? `${Math.round(s / 86_400)} d` : `${Math.floor(s / 86_400)} d ${hours} h`;
}

const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/** A period's label on an axis: the day, the week's first day, or the month. */
export function formatPeriod(value: string, granularity: Granularity | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (granularity === 'month') return monthYear.format(date);
  return dayMonth.format(date);
}

/** A cell for a person, by its column's type. */
export function formatCell(cell: Cell | undefined, type: ColumnType, granularity?: Granularity): string {
  if (cell === null || cell === undefined || cell === '') return '—';
  switch (type) {
    case 'date':
      return granularity ? formatPeriod(String(cell), granularity) : formatDate(String(cell));
    case 'number':
      return formatCount(toNumber(cell));
    case 'money':
      return formatMoney(toNumber(cell));
    case 'ratio':
      return formatPercent(toNumber(cell));
    case 'seconds':
      return formatDuration(toNumber(cell));
    default:
      return String(cell);
  }
}

const compactMoney = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 });

/** Money on an axis: `€14K`. */
export function formatMoneyTick(value: number): string {
  return compactMoney.format(value);
}

export function valueFormatter(type: ColumnType): (value: number) => string {
  return (value) => formatCell(value, type);
}

/** A chart has nothing to draw without rows or when every figure in them is zero. */
export function isEmptyChart(chart: Chart | undefined): boolean {
  if (!chart || chart.rows.length === 0) return true;
  const numeric = chart.columns.filter(isNumeric);
  return chart.rows.every((row) => numeric.every((column) => toNumber(row[column.key]) === 0));
}

export type Series = { name: string; label: string; color: string };

/**
 * A time or category chart for Mantine: the first column is the x axis (its values formatted as
 * labels), every numeric column (or the ones asked for) a series; numbers parsed from strings.
 */
export function cartesian(chart: Chart, only?: string[]): { xKey: string; data: Record<string, string | number>[]; series: Series[] } {
  const [x, ...rest] = chart.columns;
  if (!x) return { xKey: 'x', data: [], series: [] };
  const columns = rest.filter((column) => isNumeric(column) && (!only || only.includes(column.key)));
  const data = chart.rows.map((row) => {
    const point: Record<string, string | number> = { [x.key]: formatCell(row[x.key], x.type, chart.granularity) };
    for (const column of columns) point[column.key] = toNumber(row[column.key]);
    return point;
  });
  return { xKey: x.key, data, series: columns.map((column, index) => ({ name: column.key, label: column.label, color: colorAt(index) })) };
}

export type Slice = { name: string; value: number; color: string };

/** Donut slices: a label column and a value column, empty slices left out. */
export function slices(chart: Chart, labelKey: string, valueKey: string, labelOf: (value: string) => string = (v) => v): Slice[] {
  return chart.rows
    .map((row, index) => ({ name: labelOf(String(row[labelKey] ?? '—')), value: toNumber(row[valueKey]), color: colorAt(index) }))
    .filter((slice) => slice.value > 0);
}

export type FunnelStep = { stage: string; label: string; reached: number; conversion: number | null };

/** The funnel's steps in order; the first has no previous step, so no conversion. */
export function funnelSteps(chart: Chart): FunnelStep[] {
  return chart.rows.map((row, index) => ({
    stage: String(row.stage ?? ''),
    label: String(row.label ?? row.stage ?? ''),
    reached: toNumber(row.reached),
    conversion: index === 0 || row.conversion_from_previous === null || row.conversion_from_previous === undefined ? null : toNumber(row.conversion_from_previous),
  }));
}

/** The table's columns: ids are for links, not for reading. */
export function visibleColumns(chart: Chart): ChartColumn[] {
  return chart.columns.filter((column) => !column.key.endsWith('_id') && column.key !== 'source_url');
}
