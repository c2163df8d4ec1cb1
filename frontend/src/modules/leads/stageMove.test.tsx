import { act, renderHook, screen, waitFor } from '@testing-library/react';
import { http as mock, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../shared/http';
import { Providers, testQueryClient } from '../../test/render';
import { server, setupMockServer } from '../../test/server';
import { leadKeys, useChangeStage } from './api';
import { parseLeadFilters } from './filters';
import { moveLeadInPage } from './stageMove';
import type { Lead } from './types';

setupMockServer();

function lead(id: number, stage: string): Lead {
  return {
    id, name: `Lead ${id}`, phone: null, wa_id: null, wa_user_id: null, wa_username: null, email: null, source: 'website', stage,
    assigned_to: null, trip_id: null, destination: null, travel_start: null, travel_end: null, travelers: null, budget: null,
    expected_value: null, tags: [], notes: null, lost_reason: null, score: null, is_whatsapp: false, referral: null,
    last_inbound_at: null, last_outbound_at: null, first_response_at: null, stage_changed_at: '2026-01-01T00:00:00Z',
    created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  };
}
const page = (...leads: Lead[]): Page<Lead> => ({ count: leads.length, next: null, previous: null, results: leads });
const base = parseLeadFilters(new URLSearchParams(''));
const column = (stage: string) => leadKeys.list({ ...base, stage, page_size: 50 });

describe('moveLeadInPage', () => {
  const a = lead(1, 'new');
  const b = lead(2, 'new');
  it('removes the lead from its old stage list and adds it to the new one', () => {
    expect(moveLeadInPage(page(a, b), 'new', a, 'qualified')).toMatchObject({ count: 1, results: [{ id: 2 }] });
    expect(moveLeadInPage(page(lead(3, 'qualified')), 'qualified', a, 'qualified')).toMatchObject({ count: 2, results: [{ id: 1, stage: 'qualified' }, { id: 3 }] });
  });
  it('changes the stage in a list of all stages and leaves unrelated lists alone', () => {
    expect(moveLeadInPage(page(a, b), undefined, a, 'won').results.map((l) => l.stage)).toEqual(['won', 'new']);
    const other = page(lead(9, 'lost'));
    expect(moveLeadInPage(other, 'lost', a, 'won')).toBe(other);
  });
});

describe('useChangeStage', () => {
  let client: ReturnType<typeof testQueryClient>;
  const wrapper = ({ children }: { children: ReactNode }) => <Providers client={client}>{children}</Providers>;
  const moved = lead(1, 'new');

  beforeEach(() => {
    client = testQueryClient();
    client.setQueryData(column('new'), page(moved, lead(2, 'new')));
    client.setQueryData(column('qualified'), page(lead(3, 'qualified')));
    client.setQueryData(leadKeys.detail(1), moved);
    document.cookie = 'XSRF-TOKEN=t; path=/';
  });

  it('moves the card at once, keeps it after success and refetches when the last move settles', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let body: unknown;
    server.use(
      mock.post('*/api/leads/1/change-stage/', async ({ request }) => {
        body = await request.json();
        await answered;
        return HttpResponse.json({ ...moved, stage: 'qualified', updated_at: '2026-01-02T00:00:00Z' });
      }),
      mock.get('*/api/leads/', () => HttpResponse.json(page())),
      mock.get('*/api/leads/1/events/', () => HttpResponse.json(page())),
    );
    const { result } = renderHook(() => useChangeStage(), { wrapper });
    act(() => result.current.mutate({ lead: moved, stage: 'qualified' }));

    await waitFor(() => expect(client.getQueryData<Page<Lead>>(column('qualified'))?.results.map((l) => l.id)).toEqual([1, 3]));
    expect(client.getQueryData<Page<Lead>>(column('new'))?.results.map((l) => l.id)).toEqual([2]);
    expect(client.getQueryData<Lead>(leadKeys.detail(1))?.stage).toBe('qualified');

    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(body).toEqual({ stage: 'qualified' });
    expect(client.getQueryData<Lead>(leadKeys.detail(1))?.updated_at).toBe('2026-01-02T00:00:00Z');
    expect(client.getQueryState(column('new'))?.isInvalidated).toBe(true);
  });

  it('puts the card back and says why when the server refuses', async () => {
    server.use(
      mock.post('*/api/leads/1/change-stage/', () =>
        HttpResponse.json({ title: 'Unknown stage', status: 400, detail: 'There is no stage “qualified”.' }, { status: 400 }),
      ),
      mock.get('*/api/leads/', () => HttpResponse.json(page())),
      mock.get('*/api/leads/1/events/', () => HttpResponse.json(page())),
    );
    const { result } = renderHook(() => useChangeStage(), { wrapper });
    act(() => result.current.mutate({ lead: moved, stage: 'qualified' }));
    await waitFor(() => expect(result.current.isError).toBe(true));

    expect(client.getQueryData<Page<Lead>>(column('new'))?.results.map((l) => l.id)).toEqual([1, 2]);
    expect(client.getQueryData<Page<Lead>>(column('qualified'))?.results.map((l) => l.id)).toEqual([3]);
    expect(client.getQueryData<Lead>(leadKeys.detail(1))?.stage).toBe('new');
    expect(await screen.findByText('There is no stage “qualified”.')).toBeInTheDocument();
    expect(screen.getByText('Lead 1 was not moved')).toBeInTheDocument();
  });
});
