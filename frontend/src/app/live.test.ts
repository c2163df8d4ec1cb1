import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveHandler, throttle } from './live';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then once at the end of the window however many calls came', () => {
    const fn = vi.fn<() => void>();
    const t = throttle(fn, 1000);
    t.call();
    expect(fn).toHaveBeenCalledTimes(1);
    t.call();
    t.call();
    vi.advanceTimersByTime(999);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(2);
    t.call();
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('drops a pending run when cancelled', () => {
    const fn = vi.fn<() => void>();
    const t = throttle(fn, 1000);
    t.call();
    t.call();
    t.cancel();
    vi.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('live updates of the dashboard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function invalidatedKeys(client: QueryClient) {
    const spy = vi.spyOn(client, 'invalidateQueries').mockResolvedValue();
    return () => spy.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey));
  }

  it('refreshes analytics and insights on metrics_updated, at most once per window', () => {
    const client = new QueryClient();
    const keys = invalidatedKeys(client);
    const live = createLiveHandler(client, 5000);
    live.handle({ type: 'metrics_updated', id: '1' });
    expect(keys()).toEqual(['["analytics"]', '["insights"]']);
    live.handle({ type: 'metrics_updated', id: '2' });
    live.handle({ type: 'response_time_alert', id: '3', lead_id: 4 });
    expect(keys()).toHaveLength(2);
    vi.advanceTimersByTime(5000);
    expect(keys()).toEqual(['["analytics"]', '["insights"]', '["analytics"]', '["insights"]']);
    live.stop();
  });

  it("refreshes a lead's score when the lead changes", () => {
    const client = new QueryClient();
    const keys = invalidatedKeys(client);
    createLiveHandler(client).handle({ type: 'lead_updated', id: '9', lead_id: 42 });
    expect(keys()).toContain('["insights","score",42]');
    expect(keys()).not.toContain('["analytics"]');
  });
});
