import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http as mock, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../../../test/render';
import { server, setupMockServer } from '../../../test/server';
import type { Chart, ChartColumn, Dashboard, Figure, Metrics } from '../types';
import { DashboardPage } from './DashboardPage';

setupMockServer();
// The machine is shared: give renders after a fetch more than the default second.
configure({ asyncUtilTimeout: 5000 });

const range = { from: '2026-10-04', to: '2026-11-02', previous_from: '2026-09-04', previous_to: '2026-10-03', time_zone: 'Europe/Madrid' };
const figure = (value: number, previous: number): Figure => ({ value, previous, change: previous === 0 ? null : (value - previous) / previous });

function metrics(newLeads: number): Metrics {
  return {
    range,
    new_leads: figure(newLeads, 40),
    total_leads: figure(300, 280),
    won: figure(6, 4),
    lost: figure(3, 3),
    conversion_rate: figure(0.12, 0.1),
    win_rate_of_all: figure(0.05, 0.04),
    revenue: figure(18000, 12000),
    bookings: figure(7, 5),
    average_deal_size: figure(3000, 3000),
    messages_in: figure(120, 100),
    messages_out: figure(140, 90),
    replied_share: figure(0.9, 0.8),
    median_first_response_seconds: figure(300, 600),
    answered_within_target_share: figure(0.75, 0.5),
    read_rate: figure(0.66, 0),
    response_time_target_seconds: 900,
    pipeline: [{ stage: 'new', label: 'New', leads: 20, value: 40000 }],
    pipeline_value: 40000,
    tasks_overdue: 2,
  };
}

function chart(name: string, columns: [string, ChartColumn['type']][], rows: Chart['rows']): Chart {
  return {
    chart: name,
    title: `Title of ${name}`,
    granularity: 'day',
    range,
    columns: columns.map(([key, type]) => ({ key, label: key === 'agent' ? 'Agent' : key, type })),
    rows,
    explanation: `How ${name} is computed.`,
  };
}

function dashboard(newLeads = 50, rows = true): Dashboard {
  const r = <T,>(value: T[]) => (rows ? value : []);
  return {
    metrics: metrics(newLeads),
    charts: {
      lead_trend: chart('lead-trend', [['period', 'date'], ['whatsapp', 'number']], r([{ period: '2026-11-01', whatsapp: 3 }])),
      sources: chart('sources', [['source', 'text'], ['leads', 'number'], ['won', 'number'], ['conversion', 'ratio']], r([{ source: 'website', leads: 5, won: 1, conversion: 0.2 }])),
      stages: chart('stages', [['stage', 'text'], ['label', 'text'], ['leads', 'number']], r([{ stage: 'new', label: 'New', leads: 5 }])),
      funnel: chart('funnel', [['stage', 'text'], ['label', 'text'], ['reached', 'number'], ['conversion_from_previous', 'ratio']], r([
        { stage: 'new', label: 'New', reached: 10, conversion_from_previous: null },
        { stage: 'won', label: 'Won', reached: 4, conversion_from_previous: 0.4 },
      ])),
      revenue: chart('revenue', [['period', 'date'], ['revenue', 'money'], ['bookings', 'number']], r([{ period: '2026-11-01', revenue: '1200.00', bookings: 1 }])),
      response_times: chart('response-times', [['bucket', 'text'], ['conversations', 'number']], r([{ bucket: '< 5 min', conversations: 8 }])),
      leaderboard: chart('leaderboard', [['agent_id', 'number'], ['agent', 'text'], ['leads', 'number'], ['won', 'number'], ['revenue', 'money'], ['median_first_response_seconds', 'seconds']], r([
        { agent_id: 7, agent: 'Marta', leads: 12, won: 3, revenue: '9000.00', median_first_response_seconds: 245 },
      ])),
      attribution_sources: chart('attribution-sources', [['source', 'text'], ['leads', 'number'], ['bookings', 'number'], ['revenue', 'money'], ['conversion', 'ratio']], r([])),
      attribution_ads: chart('attribution-ads', [['ad_id', 'text'], ['headline', 'text'], ['source_url', 'text'], ['leads', 'number'], ['bookings', 'number'], ['revenue', 'money'], ['conversion', 'ratio']], r([
        { ad_id: '120', headline: 'Peru in July', source_url: 'https://fb.me/ad', leads: 4, bookings: 1, revenue: '3000', conversion: 0.25 },
      ])),
    },
  };
}

function handlers(seen: URL[], respond: (url: URL) => Response = () => HttpResponse.json(dashboard())) {
  return [
    mock.get('*/api/analytics/dashboard/', ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      return respond(url);
    }),
    mock.get('*/api/insights/', () => HttpResponse.json({ generated_at: '2026-11-02T10:00:00Z', insights: [] })),
    mock.get('*/api/leads/sources/', () => HttpResponse.json([{ key: 'website', label: 'Website' }])),
    mock.get('*/api/users/', () => HttpResponse.json([{ id: 7, name: 'Marta', email: 'm@x', role: 'AGENT', is_active: true }])),
    mock.get('*/api/trips/', () => HttpResponse.json({ count: 1, next: null, previous: null, results: [{ id: 5, title: 'Peru in July' }] })),
  ];
}

// A page full of charts and tables: role queries over it are slow on a shared machine.
describe('DashboardPage', { timeout: 20_000 }, () => {
  it('shows the figures with their change, the charts and their CSV links for the range in the URL', async () => {
    const seen: URL[] = [];
    server.use(...handlers(seen));
    renderRoute(<DashboardPage />, { url: '/?range=custom&from=2026-10-04&to=2026-11-02&source=website&granularity=week' });
    expect(await screen.findByText('50', { selector: '[data-metric="New leads"]' })).toBeInTheDocument();
    const query = Object.fromEntries(seen[0]!.searchParams);
    expect(query).toEqual({ from: '2026-10-04', to: '2026-11-02', source: 'website', granularity: 'week' });

    const newLeads = screen.getByRole('region', { name: 'New leads' });
    expect(within(newLeads).getByText(/^\+25\s?%$/)).toBeInTheDocument();
    const response = screen.getByRole('region', { name: 'Median first response' });
    expect(within(response).getByText('5 min')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Answered within 15 min' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Read rate' })).getByText('New')).toBeInTheDocument();

    const csv = screen.getByRole('link', { name: 'Download CSV: Title of lead-trend' });
    expect(csv).toHaveAttribute('href', '/api/analytics/charts/lead-trend/?from=2026-10-04&to=2026-11-02&source=website&granularity=week&format=csv');
    expect(screen.getByRole('link', { name: 'Download CSV: Title of attribution-ads' })).toHaveAttribute(
      'href',
      '/api/analytics/charts/attribution-ads/?from=2026-10-04&to=2026-11-02&source=website&granularity=week&format=csv',
    );

    const leaderboard = screen.getByRole('table', { name: 'Agent leaderboard' });
    expect(within(leaderboard).getByRole('row', { name: /Marta 12 3 .*9,000.* 4 min 5 s/ })).toBeInTheDocument();
    expect(within(leaderboard).queryByText('agent_id')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Peru in July' })).toHaveAttribute('href', 'https://fb.me/ad');
    expect(within(screen.getByRole('table', { name: 'Stage-to-stage conversion' })).getByRole('row', { name: /Won 4 40\s?%/ })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Title of attribution-sources' })).getByText('No leads in this range')).toBeInTheDocument();
    expect(screen.getByText('How lead-trend is computed.')).toBeInTheDocument();
  });

  it('asks for the default range without dates, and for a preset with its dates, written to the URL', async () => {
    const seen: URL[] = [];
    server.use(...handlers(seen));
    const { router } = renderRoute(<DashboardPage />);
    await screen.findByText('50', { selector: '[data-metric="New leads"]' });
    expect(seen[0]!.search).toBe('');
    await userEvent.click(screen.getByRole('combobox', { name: 'Period' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Last 7 days' }));
    await waitFor(() => expect(router.state.location.search).toBe('?range=7d'));
    await waitFor(() => expect(seen.at(-1)!.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/));
    const from = new Date(`${seen.at(-1)!.searchParams.get('from')}T00:00`);
    const to = new Date(`${seen.at(-1)!.searchParams.get('to')}T00:00`);
    expect(Math.round((to.getTime() - from.getTime()) / 86_400_000)).toBe(6);

    await userEvent.click(screen.getByRole('combobox', { name: 'Agent' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Marta' }));
    await waitFor(() => expect(router.state.location.search).toBe('?range=7d&assigned_to=7'));
    await waitFor(() => expect(seen.at(-1)!.searchParams.get('assigned_to')).toBe('7'));
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    await waitFor(() => expect(router.state.location.search).toBe('?range=7d'));
  });

  it('shows empty states when the range has no leads', async () => {
    server.use(...handlers([], () => HttpResponse.json(dashboard(0, false))));
    renderRoute(<DashboardPage />);
    await screen.findByText('0', { selector: '[data-metric="New leads"]' });
    expect(screen.getAllByText('No leads in this range')).toHaveLength(9);
  });

  it('shows an error with a retry instead of a blank page', async () => {
    let fail = true;
    server.use(
      ...handlers([], () =>
        fail ? HttpResponse.json({ title: 'Bad Request', status: 400, detail: 'from must not be after to' }, { status: 400 }) : HttpResponse.json(dashboard(51)),
      ),
    );
    renderRoute(<DashboardPage />);
    expect(await screen.findByText('from must not be after to')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('51', { selector: '[data-metric="New leads"]' })).toBeInTheDocument();
  });
});
