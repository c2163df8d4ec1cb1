/**
 * The one HTTP client of the dashboard: fetch with the session cookie, JSON both ways, the CSRF
 * header on every change, and RFC 9457 problems thrown as {@link ApiError}. No UI effects here.
 */

export interface FieldMessage {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldMessage[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldMessage[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** Thrown when the server cannot be reached at all (offline, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached. Check your connection and try again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';

export function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) {
      return decodeURIComponent(item.slice(prefix.length));
    }
  }
  return undefined;
}

let csrfRequest: Promise<void> | undefined;

/** Asks the server for the XSRF-TOKEN cookie (once; concurrent callers share the request). */
export function ensureCsrfCookie(force = false): Promise<void> {
  if (!force && readCookie(CSRF_COOKIE)) {
    return Promise.resolve();
  }
  if (!csrfRequest) {
    csrfRequest = fetch(new URL('/api/auth/csrf/', window.location.href), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(() => undefined)
      .catch((cause: unknown) => {
        throw new NetworkError(cause);
      })
      .finally(() => {
        csrfRequest = undefined;
      });
  }
  return csrfRequest;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Builds `?a=1&b=2`, leaving out empty values. */
export function toQueryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function http<T>(path: string, options: HttpOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (!SAFE_METHODS.has(method)) {
    await ensureCsrfCookie();
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(new URL(path + toQueryString(options.query), window.location.href), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new NetworkError(cause);
  }
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response));
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        return { status: response.status, ...(parsed as Problem) };
      }
    } catch {
      // not JSON: fall through
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** Django REST framework style page. */
export interface Page<T> {
  count: number;
  /** True when the server stopped counting: there are more than `count`. */
  count_capped?: boolean;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** A message for a person, whatever went wrong. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const problem = error.problem;
    if (problem.detail) return problem.detail;
    if (error.fieldErrors.length > 0) {
      return error.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ');
    }
    return problem.title ?? error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** `?a=1&b=2` from a filter object, leaving out empty values (same as {@link toQueryString}). */
export const query = (params: Record<string, QueryValue>): string => toQueryString(params);
