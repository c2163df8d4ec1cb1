import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http as mock, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../../../test/render';
import { server, setupMockServer } from '../../../test/server';
import { LeadsPage } from './LeadsPage';

setupMockServer();

const stages = [
  { key: 'new', label: 'New', position: 10, is_won: false, is_lost: false },
  { key: 'qualified', label: 'Qualified', position: 30, is_won: false, is_lost: false },
];

function lead(id: number, name: string) {
  return {
    id, name, phone: '+34600000000', email: null, source: 'website', stage: 'new', assigned_to: null, tags: [], score: 5,
    expected_value: '1200.00', is_whatsapp: false, last_inbound_at: null, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z',
  };
}

function commonHandlers(seen: URL[]) {
  return [
    mock.get('*/api/leads/stages/', () => HttpResponse.json(stages)),
    mock.get('*/api/leads/sources/', () => HttpResponse.json([{ key: 'website', label: 'Website' }])),
    mock.get('*/api/users/', () => HttpResponse.json([{ id: 7, name: 'Marta', email: 'm@x', role: 'AGENT', is_active: true }])),
    mock.get('*/api/leads/', ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      return HttpResponse.json({ count: 60, next: 'x', previous: null, results: [lead(1, 'Ana Lopez'), lead(2, 'Bruno Diaz')] });
    }),
  ];
}

describe('LeadsPage', () => {
  it('asks the API with the filters from the URL and shows the page', async () => {
    const seen: URL[] = [];
    server.use(...commonHandlers(seen));
    renderRoute(<LeadsPage />, { url: '/leads?stage=qualified&assigned_to=me&page=2&ordering=name', path: '/leads' });
    expect(await screen.findByRole('link', { name: 'Ana Lopez' })).toBeInTheDocument();
    const query = seen[0]!.searchParams;
    expect(query.get('stage')).toBe('qualified');
    expect(query.get('assigned_to')).toBe('me');
    expect(query.get('page')).toBe('2');
    expect(query.get('page_size')).toBe('25');
    expect(query.get('ordering')).toBe('name');
    expect(screen.getByText(/60 leads · page 2 of 3/)).toBeInTheDocument();
  });

  it('says "more than" when the server stopped counting', async () => {
    // The first matching handler answers: the capped page before the common one.
    server.use(
      mock.get('*/api/leads/', () =>
        HttpResponse.json({ count: 10000, count_capped: true, next: 'x', previous: null, results: [lead(1, 'Ana Lopez')] }),
      ),
      ...commonHandlers([]),
    );
    renderRoute(<LeadsPage />, { url: '/leads', path: '/leads' });
    expect(await screen.findByText(/More than 10,000 leads · page 1/)).toBeInTheDocument();
  });

  it('sorts by a column header and goes back to page 1', async () => {
    const seen: URL[] = [];
    server.use(...commonHandlers(seen));
    const { router } = renderRoute(<LeadsPage />, { url: '/leads?page=3', path: '/leads' });
    await screen.findByRole('link', { name: 'Ana Lopez' });
    await userEvent.click(screen.getByRole('button', { name: 'Sort by Score' }));
    await waitFor(() => expect(router.state.location.search).toBe('?ordering=score'));
    await waitFor(() => expect(seen.at(-1)!.searchParams.get('ordering')).toBe('score'));
    expect(seen.at(-1)!.searchParams.get('page')).toBe('1');
  });

  it('bulk-assigns the selected leads', async () => {
    const seen: URL[] = [];
    let bulk: unknown;
    document.cookie = 'XSRF-TOKEN=t; path=/';
    server.use(
      ...commonHandlers(seen),
      mock.post('*/api/leads/bulk/', async ({ request }) => {
        bulk = await request.json();
        return HttpResponse.json({ updated: 2 });
      }),
    );
    renderRoute(<LeadsPage />, { url: '/leads', path: '/leads' });
    await screen.findByRole('link', { name: 'Ana Lopez' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all leads on this page' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 selected')).toBeInTheDocument();
    await userEvent.click(within(bar).getAllByLabelText('Assign to').find((el) => el.tagName === 'INPUT')!);
    await userEvent.click(await screen.findByRole('option', { name: 'Marta' }));
    await userEvent.click(within(bar).getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(bulk).toEqual({ ids: [1, 2], assigned_to: 7 }));
    expect(await screen.findByText('2 leads reassigned')).toBeInTheDocument();
  });
});
