import { formatMoney, formatPercent } from '../../shared/format';
import { formatCount, formatDuration } from './charts';
import type { Figure, Metrics } from './types';

type FigureKey = { [K in keyof Metrics]: Metrics[K] extends Figure ? K : never }[keyof Metrics];

export type MetricSpec = {
  key: FigureKey;
  label: string;
  format: (value: number) => string;
  /** A smaller value is the better one (response times). */
  lowerIsBetter?: boolean;
};

/** The dashboard's cards in order; the label of "answered within" carries the target from the API. */
export function metricSpecs(metrics: Metrics): MetricSpec[] {
  return [
    { key: 'new_leads', label: 'New leads', format: formatCount },
    { key: 'revenue', label: 'Revenue', format: (v) => formatMoney(v) },
    { key: 'conversion_rate', label: 'Conversion', format: formatPercent },
    { key: 'won', label: 'Deals won', format: formatCount },
    { key: 'bookings', label: 'Bookings', format: formatCount },
    { key: 'average_deal_size', label: 'Average deal', format: (v) => formatMoney(v) },
    { key: 'replied_share', label: 'Leads replied to', format: formatPercent },
    { key: 'median_first_response_seconds', label: 'Median first response', format: formatDuration, lowerIsBetter: true },
    {
      key: 'answered_within_target_share',
      label: `Answered within ${formatDuration(metrics.response_time_target_seconds)}`,
      format: formatPercent,
    },
    { key: 'read_rate', label: 'Read rate', format: formatPercent },
    { key: 'messages_in', label: 'Messages in', format: formatCount },
    { key: 'messages_out', label: 'Messages out', format: formatCount },
  ];
}

export type Change = { text: string; tone: 'good' | 'bad' | 'neutral'; direction: 'up' | 'down' | 'flat' };

/**
 * The change against the previous period, in words and with its meaning: `change` is relative
 * (0.25 = +25 %) and null when the previous period had nothing to compare with.
 */
export function describeChange(figure: Figure, lowerIsBetter = false): Change {
  if (figure.change === null || figure.change === undefined) {
    return Number(figure.value) === 0 ? { text: 'No data', tone: 'neutral', direction: 'flat' } : { text: 'New', tone: 'neutral', direction: 'up' };
  }
  const change = Number(figure.change);
  if (change === 0) return { text: 'No change', tone: 'neutral', direction: 'flat' };
  const up = change > 0;
  const better = up !== lowerIsBetter;
  return { text: `${up ? '+' : '−'}${formatPercent(Math.abs(change))}`, tone: better ? 'good' : 'bad', direction: up ? 'up' : 'down' };
}
