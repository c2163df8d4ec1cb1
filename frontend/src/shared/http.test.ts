import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, csrfToken, http, query } from './http';

describe('http', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the CSRF token from the cookie', () => {
    expect(csrfToken('SESSION=abc; XSRF-TOKEN=t%2B1; other=x')).toBe('t+1');
    expect(csrfToken('SESSION=abc')).toBeUndefined();
  });

  it('sends the CSRF header on changes and turns problems into ApiError with field errors', async () => {
    document.cookie = 'XSRF-TOKEN=token-1';
    const fetchMock = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ title: 'Invalid request', status: 400, errors: [{ field: 'name', message: 'must not be blank' }] }), {
        status: 400,
      }),
    );
    vi.stubGlobal('fetch', fetchMock);

    const error = await http('/leads/', { method: 'POST', body: { name: '' } }).catch((e: unknown) => e);

    expect(fetchMock.mock.calls[0][1].headers['X-XSRF-TOKEN']).toBe('token-1');
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors()).toEqual({ name: 'must not be blank' });
  });

  it('builds query strings without empty filters', () => {
    expect(query({ stage: 'won', search: '', page: 2, assigned_to: undefined })).toBe('?stage=won&page=2');
    expect(query({})).toBe('');
  });
});
