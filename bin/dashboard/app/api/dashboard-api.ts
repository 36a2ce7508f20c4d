/**
 * How the dashboard talks to the API. CONTRACT: every view calls the API through `DashboardApi`; a transport decides
 * how a request is signed. In the proxy modes (`npm run demo`, `npm start`, `mediamon dashboard`) the dashboard's own
 * server answers `/api/*` on the same origin and signs server-side, so no credential reaches the browser. Hosted, the
 * browser signs with the Cognito identity pool's temporary credentials (api/hosted-transport.ts).
 */

export type Query = Record<string, string | number | boolean | undefined>;

export interface DashboardApi {
  get<T>(path: string, query?: Query): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** The API's error envelope (`{ error: { code, message, field? } }`), or a network failure (status 0). */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Sends one request and returns the raw response; a transport signs it or not. */
export type Transport = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<Response>;

/** `path` plus the query's defined values, in order. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** A `DashboardApi` over a base URL (`/api` on the same origin, or the API's URL when hosted) and a transport. */
export function createDashboardApi(baseUrl: string, transport: Transport = sameOriginTransport): DashboardApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await transport({
        method,
        url: `${baseUrl}${path}`,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiCallError(0, 'NetworkError', `The API could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const envelope = (parsed as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      throw new ApiCallError(
        response.status,
        envelope?.code ?? `Http${response.status}`,
        envelope?.message ?? `The API answered ${response.status}`,
        envelope?.field,
      );
    }
    return parsed as T;
  };
  return {
    get: (path, query) => call('GET', withQuery(path, query)),
    send: (method, path, body) => call(method, path, body),
  };
}

/** Same-origin fetch: the dashboard server signs. */
export const sameOriginTransport: Transport = ({ method, url, headers, body }) =>
  fetch(url, { method, headers, ...(body === undefined ? {} : { body }), credentials: 'same-origin' });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'InvalidResponse', message: 'The API answered something other than JSON' } };
  }
}
