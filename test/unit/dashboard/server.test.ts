import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DashboardBundle, DashboardFile } from '../../../bin/dashboard/build';
import {
  SECURITY_HEADERS,
  startDashboardServer,
  type DashboardUpstream,
  type RunningDashboardServer,
} from '../../../bin/dashboard/server';

function file(text: string, contentType: string, immutable: boolean): DashboardFile {
  const body = Buffer.from(text);
  return { body, contentType, immutable, rawBytes: body.byteLength, gzipBytes: body.byteLength };
}

/** A built bundle's shape, without running esbuild (build.test.ts covers the build). */
const BUNDLE: DashboardBundle = {
  files: new Map([
    [
      '/index.html',
      file('<!doctype html><script type="module" src="/app-AAAA1111.js"></script>', 'text/html; charset=utf-8', false),
    ],
    ['/app-AAAA1111.js', file('console.log("app")', 'text/javascript; charset=utf-8', true)],
  ]),
  script: '/app-AAAA1111.js',
  stylesheet: undefined,
  rawBytes: 0,
  gzipBytes: 0,
};

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the API: records each request and answers what the test sets. */
async function startFakeApi(): Promise<{
  url: string;
  requests: Captured[];
  answer: { status: number; headers: Record<string, string>; body: string };
  close(): Promise<void>;
}> {
  const requests: Captured[] = [];
  const answer = {
    status: 200,
    headers: { 'content-type': 'application/json' } as Record<string, string>,
    body: '{"items":[]}',
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(answer.status, answer.headers);
      response.end(answer.status === 304 ? undefined : answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, not fetch: the tests set `Host` and `Origin` as a hostile page or a rebinding DNS name would. */
function call(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      new URL(path, base),
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('dashboard server', () => {
  let api: Awaited<ReturnType<typeof startFakeApi>>;
  let dashboard: RunningDashboardServer;
  const start = async (upstream?: Partial<DashboardUpstream>, maxRequestBytes?: number) => {
    dashboard = await startDashboardServer({
      upstream: { kind: 'local', url: api.url, role: 'read-only', ...upstream } as DashboardUpstream,
      bundle: BUNDLE,
      ...(maxRequestBytes ? { maxRequestBytes } : {}),
    });
    return dashboard;
  };

  beforeEach(async () => {
    api = await startFakeApi();
  });
  afterEach(async () => {
    await dashboard?.close();
    await api.close();
  });

  describe('files', () => {
    it('serves the shell at / and for a deep link, uncached, with the security headers', async () => {
      // Prepare
      const { url } = await start();

      // Act
      const root = await call(url, '/');
      const deepLink = await call(url, '/flows/arn%3Aaws%3Amediaconnect%3Aeu-west-1%3A1%3Aflow%3Ax%3Ay', {
        headers: { accept: 'text/html,application/xhtml+xml' },
      });

      // Assess
      for (const reply of [root, deepLink]) {
        expect(reply.status).toBe(200);
        expect(reply.body).toContain('/app-AAAA1111.js');
        expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(reply.headers['cache-control']).toBe('no-cache');
        for (const [name, value] of Object.entries(SECURITY_HEADERS))
          expect(reply.headers[name.toLowerCase()]).toBe(value);
      }
      expect(root.headers['content-security-policy']).not.toContain('unsafe-inline');
    });

    it('serves hashed files as immutable and answers 404 for a missing file that is not a page', async () => {
      // Prepare
      const { url } = await start();

      // Act
      const script = await call(url, '/app-AAAA1111.js');
      const missing = await call(url, '/app-MISSING.js', { headers: { accept: '*/*' } });

      // Assess
      expect(script.status).toBe(200);
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.body)).toEqual({ error: { code: 'NotFound', message: 'No file /app-MISSING.js' } });
    });

    it('answers /config.json with the proxy mode, uncached', async () => {
      // Prepare
      const { url } = await start();

      // Act
      const reply = await call(url, '/config.json');

      // Assess
      expect(JSON.parse(reply.body)).toEqual({ mode: 'proxy', apiBase: '/api' });
      expect(reply.headers['cache-control']).toBe('no-cache');
    });

    it('refuses a request that names another host (DNS rebinding)', async () => {
      // Prepare
      const { url, port } = await start();

      // Act
      const reply = await call(url, '/api/flows', { headers: { host: `attacker.example:${port}` } });

      // Assess
      expect(reply.status).toBe(421);
      expect(api.requests).toHaveLength(0);
    });

    it('answers as localhost too', async () => {
      // Prepare
      const { url, port } = await start();

      // Act
      const reply = await call(url, '/config.json', { headers: { host: `localhost:${port}` } });

      // Assess
      expect(reply.status).toBe(200);
    });
  });

  describe('API proxy to the local runtime', () => {
    it('forwards a read with its query and only the headers the API needs, as the configured role', async () => {
      // Prepare
      const { url } = await start({ role: 'read-only' });

      // Act
      const reply = await call(url, '/api/flows?status=ACTIVE&name%20prefix=a%2Fb', {
        headers: {
          accept: 'application/json',
          cookie: 'session=secret',
          'x-mediamon-role': 'operator',
          'if-none-match': '"v1"',
        },
      });

      // Assess
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('{"items":[]}');
      expect(api.requests).toHaveLength(1);
      const [forwarded] = api.requests;
      expect(forwarded?.url).toBe('/flows?status=ACTIVE&name%20prefix=a%2Fb');
      expect(forwarded?.headers['x-mediamon-role']).toBe('read-only');
      expect(forwarded?.headers['if-none-match']).toBe('"v1"');
      expect(forwarded?.headers.cookie).toBeUndefined();
    });

    it('passes a 304 with its ETag and the API error envelope through unchanged, dropping other headers', async () => {
      // Prepare
      const { url } = await start();
      api.answer.status = 304;
      api.answer.headers = { etag: '"v2"', 'set-cookie': 'a=b', connection: 'close' };

      // Act
      const notModified = await call(url, '/api/changes?since=5');
      api.answer.status = 404;
      api.answer.headers = { 'content-type': 'application/json' };
      api.answer.body = '{"error":{"code":"NotFound","message":"No flow x"}}';
      const refused = await call(url, '/api/flows/x');

      // Assess
      expect(notModified.status).toBe(304);
      expect(notModified.headers.etag).toBe('"v2"');
      expect(notModified.headers['set-cookie']).toBeUndefined();
      expect(refused.status).toBe(404);
      expect(refused.body).toBe('{"error":{"code":"NotFound","message":"No flow x"}}');
    });

    it('forwards an action that comes from the dashboard itself as JSON', async () => {
      // Prepare
      const { url } = await start({ role: 'operator' });
      const origin = url.replace(/\/$/, '');

      // Act
      const reply = await call(url, '/api/flows/x/stop', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{"reason":"test"}',
      });

      // Assess
      expect(reply.status).toBe(200);
      expect(api.requests[0]).toMatchObject({ method: 'POST', url: '/flows/x/stop', body: '{"reason":"test"}' });
      expect(api.requests[0]?.headers['x-mediamon-role']).toBe('operator');
    });

    it.each([
      ['no Origin', {}],
      ['another Origin', { origin: 'http://attacker.example' }],
      ['a look-alike Origin', { origin: 'https://127.0.0.1:1' }],
    ])('refuses an action with %s (CSRF)', async (_case, headers: Record<string, string>) => {
      // Prepare
      const { url } = await start({ role: 'operator' });

      // Act
      const reply = await call(url, '/api/flows/x/stop', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });

      // Assess
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body).error.code).toBe('CrossOriginRefused');
      expect(api.requests).toHaveLength(0);
    });

    it('refuses an action whose body is not JSON', async () => {
      // Prepare
      const { url } = await start({ role: 'operator' });
      const origin = url.replace(/\/$/, '');

      // Act
      const form = await call(url, '/api/flows/x/stop', {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain' },
        body: '{}',
      });
      const broken = await call(url, '/api/flows/x/stop', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{not json',
      });

      // Assess
      expect([form.status, broken.status]).toEqual([415, 415]);
      expect(api.requests).toHaveLength(0);
    });

    it('refuses a body over the limit', async () => {
      // Prepare
      const { url } = await start({ role: 'operator' }, 100);
      const origin = url.replace(/\/$/, '');

      // Act
      const reply = await call(url, '/api/flows/x/entitlements', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'x'.repeat(200) }),
      });

      // Assess
      expect(reply.status).toBe(413);
      expect(api.requests).toHaveLength(0);
    });

    it('answers 502 ApiUnreachable when nothing answers upstream', async () => {
      // Prepare
      await api.close();
      const { url } = await start();
      api = await startFakeApi(); // for afterEach

      // Act
      const reply = await call(url, '/api/flows');

      // Assess
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.body).error.code).toBe('ApiUnreachable');
    });
  });

  describe('API proxy to a deployed API', () => {
    const credentials = {
      accessKeyId: 'AKIADASHBOARDTESTKEY',
      secretAccessKey: 'dashboard/test/secret/access/key/0123456789',
      sessionToken: 'DashboardTestSessionToken0123456789',
    };

    it('signs each call with SigV4 for execute-api that the API can verify, under the stage path', async () => {
      // Prepare
      const { url } = await start({ kind: 'signed', url: `${api.url}/prod`, region: 'eu-west-1', credentials });
      const origin = url.replace(/\/$/, '');

      // Act
      await call(url, '/api/flows/arn%3Aaws%3Amediaconnect%3Aeu-west-1%3A1%3Aflow%3Ax%3Ay?limit=5');
      await call(url, '/api/flows/x/entitlements', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{"name":"e1"}',
      });

      // Assess
      expect(api.requests.map((request) => request.url)).toEqual([
        '/prod/flows/arn%3Aaws%3Amediaconnect%3Aeu-west-1%3A1%3Aflow%3Ax%3Ay?limit=5',
        '/prod/flows/x/entitlements',
      ]);
      for (const received of api.requests) {
        const authorization = String(received.headers.authorization);
        expect(authorization).toMatch(
          /^AWS4-HMAC-SHA256 Credential=AKIADASHBOARDTESTKEY\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
        );
        expect(received.headers['x-amz-security-token']).toBe(credentials.sessionToken);
        expect(received.headers['x-mediamon-role']).toBeUndefined();
        expect(authorization).toBe(await recomputeAuthorization(received, credentials));
      }
    });

    it('never shows a credential to the browser', async () => {
      // Prepare
      const { url } = await start({ kind: 'signed', url: `${api.url}/prod`, region: 'eu-west-1', credentials });
      api.answer.headers = { 'content-type': 'application/json', etag: '"e"' };

      // Act
      const replies = [await call(url, '/api/flows'), await call(url, '/config.json'), await call(url, '/')];

      // Assess
      for (const reply of replies) {
        const seen = JSON.stringify(reply.headers) + reply.body;
        expect(seen).not.toContain(credentials.accessKeyId);
        expect(seen).not.toContain(credentials.sessionToken);
        expect(seen).not.toContain(credentials.secretAccessKey);
      }
    });

    it('answers 503 CredentialsUnavailable when the credentials cannot be had', async () => {
      // Prepare
      const { url } = await start({
        kind: 'signed',
        url: `${api.url}/prod`,
        region: 'eu-west-1',
        credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
      });

      // Act
      const reply = await call(url, '/api/flows');

      // Assess
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body).error).toEqual({
        code: 'CredentialsUnavailable',
        message: 'No AWS credentials to sign with: Could not load credentials from any providers',
      });
      expect(api.requests).toHaveLength(0);
    });
  });
});

/**
 * What API Gateway does with a request: take the headers the Authorization header says were signed, sign the request
 * again with the same credentials at the same time, and compare.
 */
async function recomputeAuthorization(
  received: Captured,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
): Promise<string> {
  const authorization = String(received.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signedNames) headers[name] = String(received.headers[name]);
  const url = new URL(received.url, `http://${received.headers.host}`);
  const amzDate = String(received.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({ service: 'execute-api', region: 'eu-west-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: received.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(received.body ? { body: received.body } : {}),
    }),
    { signingDate },
  );
  return String(signed.headers.authorization);
}
