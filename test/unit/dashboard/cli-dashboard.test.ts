import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../../bin/cli/run-cli';
import type { DashboardBundle } from '../../../bin/dashboard/build';
import { recomputeAuthorization, type ReceivedRequest } from './sigv4-check';

const CREDENTIALS = {
  accessKeyId: 'AKIACLIDASHBOARDTEST',
  secretAccessKey: 'cli/dashboard/test/secret/0123456789abcdef',
  sessionToken: 'CliDashboardSessionToken0123456789',
};
const ROLE_ARN = 'arn:aws:iam::111122223333:role/media-monitor-operator';

const shell = Buffer.from('<!doctype html><script type="module" src="/app-AAAA1111.js"></script>');
/** A built bundle's shape; build.test.ts covers the build itself. */
const BUNDLE: DashboardBundle = {
  files: new Map([
    [
      '/index.html',
      {
        body: shell,
        contentType: 'text/html; charset=utf-8',
        immutable: false,
        rawBytes: shell.byteLength,
        gzipBytes: shell.byteLength,
      },
    ],
  ]),
  script: '/app-AAAA1111.js',
  stylesheet: undefined,
  rawBytes: shell.byteLength,
  gzipBytes: shell.byteLength,
};

describe('mediamon dashboard', () => {
  let api: Server;
  let apiUrl: string;
  let received: ReceivedRequest[];

  beforeEach(async () => {
    received = [];
    api = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"items":[]}');
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => api.close(() => resolve())));

  /**
   * Runs `mediamon dashboard …` until `whileServing` is done with the printed URL. The credentials source records what
   * it was asked for.
   */
  async function serveDashboard(
    args: string[],
    whileServing: (url: string) => Promise<void> = async () => undefined,
    credentials: () => typeof CREDENTIALS | (() => Promise<typeof CREDENTIALS>) = () => CREDENTIALS,
  ) {
    let out = '';
    let err = '';
    const asked: { region: string; roleArn?: string | undefined }[] = [];
    let stop: () => void = () => undefined;
    const untilStopped = new Promise<void>((resolve) => (stop = resolve));
    let served: Promise<void> = Promise.resolve();
    const code = await runCli(['dashboard', ...args], {
      stdout: (text) => {
        out += text;
        const url = /^dashboard (http:\S+)$/m.exec(text)?.[1];
        if (url) served = whileServing(url).finally(stop);
      },
      stderr: (text) => (err += text),
      env: {},
      credentials: (options) => {
        asked.push(options);
        return credentials();
      },
      dashboard: { bundle: BUNDLE, untilStopped },
    });
    await served;
    return { code, out, err, asked };
  }

  it('serves on loopback and signs each API call with SigV4 for execute-api as the role given', async () => {
    // Prepare
    let reply: { status: number; body: string } | undefined;

    // Act
    const run = await serveDashboard(
      ['--api-url', `${apiUrl}/prod`, '--role-arn', ROLE_ARN, '--region', 'eu-west-1', '--port', '0'],
      async (url) => {
        const response = await fetch(new URL('api/flows?limit=5', url));
        reply = { status: response.status, body: await response.text() };
      },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^dashboard http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.out).toContain(`signed as ${ROLE_ARN}`);
    expect(run.out).toContain('dashboard stopped.');
    expect(run.asked).toEqual([{ region: 'eu-west-1', roleArn: ROLE_ARN }]);
    expect(reply).toEqual({ status: 200, body: '{"items":[]}' });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.url).toBe('/prod/flows?limit=5');
    expect(String(call?.headers.authorization)).toContain('/eu-west-1/execute-api/aws4_request');
    expect(call?.headers.authorization).toBe(await recomputeAuthorization(call as ReceivedRequest, CREDENTIALS));
  });

  it('forwards to the local runtime unsigned, resolving no credentials', async () => {
    // Prepare
    let status = 0;

    // Act
    const run = await serveDashboard(['--api-url', apiUrl, '--port', '0'], async (url) => {
      status = (await fetch(new URL('api/summary', url))).status;
    });

    // Assess
    expect(run.code).toBe(0);
    expect(status).toBe(200);
    expect(run.asked).toEqual([]);
    expect(run.out).toContain('unsigned (local runtime)');
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(received[0]?.headers['x-mediamon-role']).toBe('operator');
  });

  it('takes the Region from an execute-api URL', async () => {
    // Act
    const run = await serveDashboard([
      '--api-url',
      'https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod/',
      '--port',
      '0',
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.asked).toEqual([{ region: 'ap-southeast-2', roleArn: undefined }]);
    expect(run.out).toContain('signed with your default AWS credentials');
  });

  it('fails at startup, serving nothing, when the credentials cannot be had', async () => {
    // Act
    const run = await serveDashboard(
      ['--api-url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod', '--role-arn', ROLE_ARN, '--port', '0'],
      undefined,
      () => () => Promise.reject(new Error('AccessDenied: not authorized to perform sts:AssumeRole')),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'mediamon: no usable AWS credentials: AccessDenied: not authorized to perform sts:AssumeRole\n',
    );
    expect(run.out).not.toContain('dashboard http');
  });

  it.each([
    [['--api-url', 'http://127.0.0.1:3000', '--port', 'x'], '--port must be a port number'],
    [['--api-url', 'http://127.0.0.1:3000', '--port', '70000'], '--port must be a port number'],
    [['--api-url', 'http://127.0.0.1:3000', 'extra'], 'dashboard takes no arguments'],
    [['--api-url', 'http://127.0.0.1:3000', '--status', 'ACTIVE'], 'dashboard does not take --status'],
    [[], 'give --api-url'],
    [['--api-url', 'https://api.example.com/prod'], 'give --region'],
  ])('refuses %j as a usage error', async (args, message) => {
    // Act
    const run = await serveDashboard(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expect(run.asked).toEqual([]);
  });
});
