import { HttpTransport, nodeHttpTransport } from './http-transport';

/**
 * A request as it will be sent, before signing. `path` is percent-encoded; `query` values are not (the signer and the
 * URL encode them once).
 */
export interface OutgoingRequest {
  method: string;
  url: URL;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

/** Returns the headers to send for a request, e.g. with a SigV4 `authorization`. */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** An error answer of the API: `{ error: { code, message } }` with its HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The input field the API blames (`encryption.secretArn`), when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface ApiClientOptions {
  /** The API's base URL, with the stage: `https://abc123.execute-api.eu-west-1.amazonaws.com/prod`, or the local runtime's. */
  apiUrl: string;
  /** Signs each request (SigV4 for a deployed API, see sigv4.ts). @default unsigned, as for the local runtime */
  sign?: RequestSigner;
  /** @default nodeHttpTransport */
  transport?: HttpTransport;
  /** Extra headers on every request (e.g. `x-mediamon-role` for the local runtime). */
  headers?: Record<string, string>;
}

export type QueryValues = Record<string, string | number | boolean | undefined>;

/**
 * The media-monitor API over HTTP(S). A deployed API gets every request signed (`sign`); the local runtime on loopback
 * has no IAM, so its requests go unsigned and need neither credentials nor a Region.
 */
export class ApiClient {
  private readonly base: URL;
  private readonly transport: HttpTransport;

  constructor(private readonly options: ApiClientOptions) {
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    this.transport = options.transport ?? nodeHttpTransport;
  }

  get<T>(path: string, query: QueryValues = {}): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  /** `path` is relative to the API base and already percent-encoded (`/flows/arn%3Aaws%3A…`). */
  async request<T>(method: string, path: string, options: { query?: QueryValues; body?: unknown }): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) query[name] = String(value);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const outgoing: OutgoingRequest = {
      method,
      url,
      query,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...this.options.headers,
      },
      ...(body !== undefined ? { body } : {}),
    };
    const headers = this.options.sign ? await this.options.sign(outgoing) : outgoing.headers;
    const queryString = Object.entries(query)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
    const response = await this.transport({
      method,
      url: `${url.origin}${url.pathname}${queryString ? `?${queryString}` : ''}`,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = response.body;
    const parsed = text ? safeJson(text) : undefined;
    if (response.status < 200 || response.status > 299) {
      const error =
        (parsed as { error?: { code?: string; message?: string; field?: string }; message?: string } | undefined) ?? {};
      throw new ApiRequestError(
        response.status,
        error.error?.code ?? `HTTP${response.status}`,
        error.error?.message ?? error.message ?? (text.slice(0, 200) || response.statusText),
        typeof error.error?.field === 'string' ? error.error.field : undefined,
      );
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
