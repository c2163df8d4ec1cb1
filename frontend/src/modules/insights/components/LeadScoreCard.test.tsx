import { configure, screen, waitFor } from '@testing-library/react';
import { http as mock, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../../../test/render';
import { server, setupMockServer } from '../../../test/server';
import { LeadScoreCard } from './LeadScoreCard';

setupMockServer();
// The machine is shared: give renders after a fetch more than the default second.
configure({ asyncUtilTimeout: 5000 });

describe('LeadScoreCard', () => {
  it('shows the score and what moved it', async () => {
    server.use(
      mock.get('*/api/insights/scores/42/', () =>
        HttpResponse.json({
          lead_id: 42,
          score: 73,
          method: 'model',
          model: { algorithm: 'logistic regression', trained_at: '2026-11-01T03:00:00Z', training_leads: 812, auc: 0.81 },
          factors: [
            { feature: 'budget', label: 'Budget', value: '4,500', contribution: 12.5 },
            { feature: 'silence', label: 'Days without reply', value: '6', contribution: -4 },
          ],
          explanation: 'The chance this lead books, from leads like it.',
        }),
      ),
    );
    renderRoute(<LeadScoreCard leadId={42} />);
    expect(await screen.findByLabelText('Score 73 of 100')).toHaveTextContent('73');
    expect(screen.getByText('Model')).toBeInTheDocument();
    expect(screen.getByText(/812 leads, AUC 0.81/)).toBeInTheDocument();
    const factors = screen.getByRole('list', { name: 'Score factors' });
    expect(factors).toHaveTextContent('Budget · 4,500+12.5');
    expect(factors).toHaveTextContent('Days without reply · 6−4.0');
  });

  it('stays away when the lead has no score', async () => {
    let asked = false;
    server.use(
      mock.get('*/api/insights/scores/7/', () => {
        asked = true;
        return HttpResponse.json({ title: 'Not Found', status: 404 }, { status: 404 });
      }),
    );
    const { container } = renderRoute(<LeadScoreCard leadId={7} />);
    await waitFor(() => expect(asked).toBe(true));
    await waitFor(() => expect(container.querySelector('section, .mantine-Skeleton-root')).toBeNull());
  });
});
