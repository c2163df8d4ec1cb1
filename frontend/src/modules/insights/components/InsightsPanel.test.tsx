import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http as mock, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../../../test/render';
import { server, setupMockServer } from '../../../test/server';
import type { Insight } from '../types';
import { InsightsPanel } from './InsightsPanel';

setupMockServer();
// The machine is shared: give renders after a fetch more than the default second.
configure({ asyncUtilTimeout: 5000 });

const waiting: Insight = {
  kind: 'waiting_for_reply',
  severity: 'warning',
  title: '2 leads waiting for a reply',
  summary: 'They wrote more than 15 minutes ago and nobody answered.',
  explanation: 'Leads whose last message is inbound and older than the response target.',
  evidence: [
    { label: 'Response target', value: '15 min' },
    { label: 'Oldest wait', value: '2 h 5 min' },
  ],
  items: [
    { type: 'lead', id: '11', name: 'Ana Lopez', detail: 'waiting 2 h', link: '/leads/11' },
    { type: 'lead', id: '12', name: 'Bruno Diaz', detail: null, link: '/leads/12' },
  ],
  action: { label: 'Open inbox', link: '/inbox?filter=waiting' },
};

const trip: Insight = {
  kind: 'trip_filling_up',
  severity: 'info',
  title: 'Peru in July is filling up',
  summary: '18 of 20 seats booked.',
  explanation: 'Trips with at least 80 % of their seats booked.',
  evidence: [],
  items: [{ type: 'trip', id: '5', name: 'Peru in July', detail: '2 seats left', link: '/trips/5' }],
  action: null,
};

const critical: Insight = { ...waiting, kind: 'high_value_not_in_proposal', severity: 'critical', title: 'A €9,000 lead is not in proposal', items: [], action: { label: 'Open leads', link: '/leads?stage=qualified' } };

describe('InsightsPanel', () => {
  it('lists insights most urgent first, with links to their leads and trips and their action', async () => {
    server.use(mock.get('*/api/insights/', () => HttpResponse.json({ generated_at: new Date().toISOString(), insights: [trip, waiting, critical] })));
    renderRoute(<InsightsPanel />);
    const articles = await screen.findAllByRole('article');
    expect(articles.map((a) => a.getAttribute('aria-label'))).toEqual([critical.title, waiting.title, trip.title]);
    expect(within(articles[0]!).getByText('Critical')).toBeInTheDocument();

    const card = articles[1]!;
    expect(within(card).getByText('Warning')).toBeInTheDocument();
    expect(within(card).getByText(waiting.summary)).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Ana Lopez' })).toHaveAttribute('href', '/leads/11');
    expect(within(card).getByText(/waiting 2 h/)).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Open inbox' })).toHaveAttribute('href', '/inbox?filter=waiting');
    expect(within(articles[2]!).getByRole('link', { name: 'Peru in July' })).toHaveAttribute('href', '/trips/5');
    expect(within(articles[2]!).queryByRole('link', { name: /Open/ })).not.toBeInTheDocument();
  });

  it('explains how an insight is computed, with its evidence, on request', async () => {
    server.use(mock.get('*/api/insights/', () => HttpResponse.json({ generated_at: new Date().toISOString(), insights: [waiting] })));
    renderRoute(<InsightsPanel />);
    const toggle = await screen.findByRole('button', { name: 'How is this computed?' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // The panel opens with a transition.
    await waitFor(() => expect(screen.getByText(waiting.explanation)).toBeVisible());
    expect(screen.getByText('Oldest wait')).toBeVisible();
    expect(screen.getByText('2 h 5 min')).toBeVisible();
  });

  it('says when nothing needs attention, and shows a failure with a retry', async () => {
    let fail = true;
    server.use(
      mock.get('*/api/insights/', () =>
        fail ? HttpResponse.json({ title: 'Server error', status: 503 }, { status: 503 }) : HttpResponse.json({ generated_at: new Date().toISOString(), insights: [] }),
      ),
    );
    renderRoute(<InsightsPanel />);
    expect(await screen.findByText('Insights could not be loaded')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Nothing needs attention')).toBeInTheDocument();
  });
});
