/** The analytics API's shapes (snake_case, as the API sends them). */

export type Figure = { value: number; previous: number; change: number | null };

export type Range = { from: string; to: string; previous_from: string; previous_to: string; time_zone: string };

export type Metrics = {
  range: Range;
  new_leads: Figure;
  total_leads: Figure;
  won: Figure;
  lost: Figure;
  conversion_rate: Figure;
  win_rate_of_all: Figure;
  revenue: Figure;
  bookings: Figure;
  average_deal_size: Figure;
  messages_in: Figure;
  messages_out: Figure;
  replied_share: Figure;
  median_first_response_seconds: Figure;
  answered_within_target_share: Figure;
  read_rate: Figure;
  response_time_target_seconds: number;
  pipeline: { stage: string; label: string; leads: number; value: number }[];
  pipeline_value: number;
  tasks_overdue: number;
};

export type ColumnType = 'date' | 'text' | 'number' | 'money' | 'ratio' | 'seconds';

export type ChartColumn = { key: string; label: string; type: ColumnType };

/** A cell as JSON carries it; money may arrive as a decimal string. */
export type Cell = string | number | null;

export type Granularity = 'day' | 'week' | 'month';

export type Chart = {
  chart: string;
  title: string;
  granularity?: Granularity;
  range: Range;
  columns: ChartColumn[];
  rows: Record<string, Cell>[];
  explanation: string;
};

export const CHART_NAMES = [
  'lead_trend',
  'sources',
  'stages',
  'funnel',
  'revenue',
  'response_times',
  'leaderboard',
  'attribution_sources',
  'attribution_ads',
] as const;

export type ChartName = (typeof CHART_NAMES)[number];

export type Dashboard = { metrics: Metrics; charts: Partial<Record<ChartName, Chart>> };
