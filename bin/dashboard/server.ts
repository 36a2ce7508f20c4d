import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { RequestSigner } from '../cli/api-client';
import { buildDashboard, type DashboardBundle, type DashboardFile } from './build';

/**
 * The dashboard's own HTTP server, on loopback: the built files, `/config.json` (proxy mode), the SPA fallback that
 * makes deep links work, and the API under `/api/*`, forwarded to the local runtime's API (with the role header it
 * trusts) or to a deployed API, signed with SigV4 for `execute-api` with the operator's credentials. The browser never
 * holds a credential: it calls its own origin, and the server signs.
 *
 * Because the server signs with the operator's credentials, it refuses what a hostile web page could make a browser
 * send it: a request naming another host (DNS rebinding), and a state-changing API call that is not same-origin JSON
 * (CSRF). Every answer carries a strict CSP and the usual hardening headers.
 */

export type DashboardRole = 'read-only' | 'operator';

export type DashboardUpstream =
  /** The local runtime's REST API (bin/local/api-server.ts), which trusts `x-mediamon-role`. */
  | { readonly kind: 'local'; readonly url: string; readonly role: DashboardRole }
  /** A deployed API's stage URL, every call signed with SigV4 for `execute-api` in `region`. */
  | {
      readonly kind: 'signed';
      readonly url: string;
      readonly region: string;
      readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    };

export interface DashboardServerOptions {
  readonly upstream: DashboardUpstream;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Loopback only: the server acts with the operator's credentials. @default '127.0.0.1' */
  readonly host?: '127.0.0.1' | 'localhost' | '::1';
  /** @default buildDashboard() */
  readonly bundle?: DashboardBundle;
  /** Larger API request bodies are refused with 413. @default MAX_API_BODY_BYTES */
  readonly maxRequestBytes?: number;
  /** How long the upstream API may take. @default 30 s */
  readonly upstreamTimeoutMs?: number;
}

export interface RunningDashboardServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The dashboard sends small JSON bodies (a grant is well under 4 KB). */
export const MAX_API_BODY_BYTES = 64 * 1024;

/** On every answer. No inline script or style anywhere in the app; uPlot sets `element.style` from JS, which CSP allows. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** What `/config.json` answers here: the browser calls `/api` on this origin and this server signs. */
export const PROXY_APP_CONFIG = { mode: 'proxy', apiBase: '/api' } as const;

/** Request headers the API needs; nothing else (cookies, the browser's own headers) leaves this server. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'if-none-match', 'if-modified-since'] as const;
/** Response headers the dashboard needs from the API (conditional polling, back-off); the rest is dropped. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control', 'retry-after'] as const;

const ROLE_HEADER = 'x-mediamon-role';

export async function startDashboardServer(options: DashboardServerOptions): Promise<RunningDashboardServer> {
  const bundle = options.bundle ?? (await buildDashboard());
  const host = options.host ?? '127.0.0.1';
  const upstream = await upstreamCaller(options.upstream, options.upstreamTimeoutMs ?? 30_000);
  let port = 0;
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    serve(request, response, { bundle, port, upstream, maxBytes: options.maxRequestBytes ?? MAX_API_BODY_BYTES }).catch(
      () => sendError(response, 500, 'InternalError', 'The dashboard server failed to answer'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ServeContext {
  bundle: DashboardBundle;
  port: number;
  upstream: UpstreamCaller;
  maxBytes: number;
}

async function serve(request: IncomingMessage, response: ServerResponse, ctx: ServeContext): Promise<void> {
  const host = request.headers.host ?? '';
  if (!isOwnHost(host, ctx.port))
    return sendError(response, 421, 'MisdirectedRequest', 'This server answers only as 127.0.0.1 or localhost');
  const url = new URL(request.url ?? '/', `http://${host}`);
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return proxy(request, response, url, ctx);
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendError(response, 405, 'MethodNotAllowed', `${method} is not allowed here`);
  }
  if (url.pathname === '/config.json') {
    const body = Buffer.from(JSON.stringify(PROXY_APP_CONFIG));
    return sendBody(request, response, 200, 'application/json; charset=utf-8', body, 'no-cache');
  }
  const file = ctx.bundle.files.get(url.pathname === '/' ? '/index.html' : url.pathname);
  if (file) return sendFile(request, response, file);
  // A deep link (`/flows/<arn>`) is a page of the app: the shell answers and the app routes on the URL.
  const shell = ctx.bundle.files.get('/index.html');
  if (shell && acceptsHtml(request)) return sendFile(request, response, shell);
  return sendError(response, 404, 'NotFound', `No file ${url.pathname}`);
}

/** `Host` must name this server on loopback: a DNS-rebinding page reaches us under its own name and is refused. */
export function isOwnHost(host: string, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

function acceptsHtml(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').split(',').some((type) => type.trim().startsWith('text/html'));
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: DashboardFile): void {
  // Hashed names never change content; the shell and config are revalidated so a rebuild shows at the next load.
  const cache = file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
  sendBody(request, response, 200, file.contentType, file.body, cache);
}

function sendBody(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  cacheControl: string,
): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(body.byteLength),
    'Cache-Control': cacheControl,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

async function proxy(request: IncomingMessage, response: ServerResponse, url: URL, ctx: ServeContext): Promise<void> {
  const method = request.method ?? 'GET';
  const reading = method === 'GET' || method === 'HEAD';
  if (!reading) {
    // A cross-site page can make a browser POST here; only the dashboard's own pages may change anything.
    const origin = request.headers.origin;
    if (!origin || !isOwnHost(origin.replace(/^http:\/\//, ''), ctx.port) || !origin.startsWith('http://'))
      return sendError(response, 403, 'CrossOriginRefused', 'Actions are accepted only from the dashboard itself');
  }
  const body = await readBody(request, ctx.maxBytes);
  if (body === undefined)
    return sendError(response, 413, 'PayloadTooLarge', `Request body is larger than ${ctx.maxBytes / 1024} KB`);
  if (!reading && body.length > 0) {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' || !isJson(body))
      return sendError(response, 415, 'UnsupportedMediaType', 'The request body must be JSON (application/json)');
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  let answer: UpstreamAnswer;
  try {
    answer = await ctx.upstream({
      method,
      path: url.pathname.slice('/api'.length) || '/',
      query,
      headers,
      ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    });
  } catch (error) {
    if (error instanceof CredentialsUnavailableError)
      return sendError(response, 503, 'CredentialsUnavailable', error.message);
    return sendError(response, 502, 'ApiUnreachable', `The API could not be reached: ${(error as Error).message}`);
  }
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = answer.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  forwarded['content-length'] = String(answer.body.byteLength);
  response.writeHead(answer.status, forwarded);
  response.end(method === 'HEAD' ? undefined : answer.body);
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The body, or undefined once it passes `maxBytes` (the rest is drained, not kept). */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** One API call as the proxy forwards it: `path` percent-encoded and relative to the API base. */
export interface UpstreamCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export interface UpstreamAnswer {
  status: number;
  headers: NodeJS.Dict<string | string[]>;
  body: Buffer;
}

type UpstreamCaller = (call: UpstreamCall) => Promise<UpstreamAnswer>;

/** The credential chain or the role assumption failed: the operator must fix their AWS setup, not the API. */
export class CredentialsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsUnavailableError';
  }
}

async function upstreamCaller(upstream: DashboardUpstream, timeoutMs: number): Promise<UpstreamCaller> {
  const base = new URL(upstream.url);
  const basePath = base.pathname.replace(/\/$/, '');
  let sign: RequestSigner | undefined;
  if (upstream.kind === 'signed') {
    const { sigV4Signer } = await import('../cli/sigv4');
    sign = sigV4Signer({ region: upstream.region, credentials: upstream.credentials });
  }
  return async (call) => {
    const url = new URL(`${base.origin}${basePath}${call.path}`);
    const headers: Record<string, string> = { ...call.headers };
    if (upstream.kind === 'local') headers[ROLE_HEADER] = upstream.role;
    if (sign) {
      try {
        Object.assign(
          headers,
          await sign({
            method: call.method,
            url,
            query: call.query,
            headers,
            ...(call.body ? { body: call.body } : {}),
          }),
        );
      } catch (error) {
        throw new CredentialsUnavailableError(`No AWS credentials to sign with: ${(error as Error).message}`);
      }
    }
    const search = Object.entries(call.query)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
    return send(new URL(`${url.origin}${url.pathname}${search ? `?${search}` : ''}`), call, headers, timeoutMs);
  };
}

function send(
  url: URL,
  call: UpstreamCall,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<UpstreamAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: call.method,
        headers: {
          ...headers,
          ...(call.body !== undefined ? { 'content-length': String(Buffer.byteLength(call.body)) } : {}),
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(new Error(`the API did not answer within ${timeoutMs / 1000} s`)),
    );
    outgoing.end(call.body);
  });
}
