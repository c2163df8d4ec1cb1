import { http as mock, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { server, setupMockServer } from '../test/server';
import { ApiError, http, NetworkError, toQueryString } from './http';

setupMockServer();

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

describe('http', () => {
  beforeEach(clearCookies);

  it('sends the XSRF-TOKEN cookie back as X-XSRF-TOKEN on a change, not on a read', async () => {
    document.cookie = 'XSRF-TOKEN=abc%2D123; path=/';
    const seen: Record<string, string | null> = {};
    server.use(
      mock.get('*/api/leads/', ({ request }) => {
        seen.get = request.headers.get('X-XSRF-TOKEN');
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
      mock.post('*/api/leads/', async ({ request }) => {
        seen.post = request.headers.get('X-XSRF-TOKEN');
        seen.body = JSON.stringify(await request.json());
        return HttpResponse.json({ id: 1 }, { status: 201 });
      }),
    );
    await http('/api/leads/');
    await http('/api/leads/', { method: 'POST', body: { name: 'Ana' } });
    expect(seen.get).toBeNull();
    expect(seen.post).toBe('abc-123');
    expect(seen.body).toBe('{"name":"Ana"}');
  });

  it('asks for the CSRF cookie first when it is missing', async () => {
    const order: string[] = [];
    server.use(
      mock.get('*/api/auth/csrf/', () => {
        order.push('csrf');
        document.cookie = 'XSRF-TOKEN=fresh; path=/';
        return HttpResponse.json({ header_name: 'X-XSRF-TOKEN', token: 'masked' });
      }),
      mock.post('*/api/auth/logout/', ({ request }) => {
        order.push(`logout:${request.headers.get('X-XSRF-TOKEN')}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(http('/api/auth/logout/', { method: 'POST' })).resolves.toBeUndefined();
    expect(order).toEqual(['csrf', 'logout:fresh']);
  });

  it('throws ApiError carrying the problem and its field errors', async () => {
    document.cookie = 'XSRF-TOKEN=t; path=/';
    server.use(
      mock.post('*/api/leads/', () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'Invalid request', status: 400, detail: 'Check the fields.', errors: [{ field: 'email', message: 'must be a well-formed email address' }] },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await http('/api/leads/', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.problem.detail).toBe('Check the fields.');
    expect(apiError.fieldErrors).toEqual([{ field: 'email', message: 'must be a well-formed email address' }]);
  });

  it('turns a non-JSON error body into a problem with the status', async () => {
    server.use(mock.get('*/api/trips/', () => new HttpResponse('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const error = (await http('/api/trips/').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Bad Gateway');
  });

  it('reports an unreachable server as NetworkError', async () => {
    server.use(mock.get('*/api/trips/', () => HttpResponse.error()));
    await expect(http('/api/trips/')).rejects.toBeInstanceOf(NetworkError);
  });

  it('builds query strings without empty values', () => {
    expect(toQueryString({ a: 1, b: '', c: undefined, d: null, e: 'x y', f: ['p', 'q'], g: [] })).toBe('?a=1&e=x+y&f=p%2Cq');
    expect(toQueryString({})).toBe('');
  });
});
