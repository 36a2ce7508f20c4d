import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** An error answer of the API: `{ error: { code, message } }` with its HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface ApiClientOptions {
  /** The API's base URL, with the stage: `https://abc123.execute-api.eu-west-1.amazonaws.com/prod`, or the local runtime's. */
  apiUrl: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `x-mediamon-role` for the local runtime). */
  headers?: Record<string, string>;
}

export type QueryValues = Record<string, string | number | boolean | undefined>;

/**
 * The media-monitor API over HTTPS, every request signed with SigV4 for `execute-api` by the SDK's signer. The local
 * runtime ignores the signature, but it is computed all the same, so the same command works against both.
 */
export class ApiClient {
  private readonly signer: SignatureV4;
  private readonly base: URL;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    this.signer = new SignatureV4({
      service: 'execute-api',
      region: options.region,
      credentials: options.credentials,
      sha256: Sha256,
    });
    this.fetch = options.fetch ?? globalThis.fetch;
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
    const request = new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: {
        host: url.host,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...this.options.headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    const signed = (await this.signer.sign(request)) as HttpRequest;
    const queryString = Object.entries(query)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
    const headers = { ...signed.headers };
    delete headers.host; // fetch sets Host itself (it is a forbidden header); the value is the same.
    const response = await this.fetch(`${url.origin}${url.pathname}${queryString ? `?${queryString}` : ''}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string }; message?: string } | undefined) ?? {};
      throw new ApiRequestError(
        response.status,
        error.error?.code ?? `HTTP${response.status}`,
        error.error?.message ?? error.message ?? (text.slice(0, 200) || response.statusText),
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
