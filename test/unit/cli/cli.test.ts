import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { nodeHttpTransport } from '../../../bin/cli/http-transport';
import { runCli } from '../../../bin/cli/run-cli';

const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const FLOW_ARN = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow';
const NOW = Date.parse('2025-11-25T10:00:00Z');

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local stand-in for the API: records each request and answers from `routes` (`METHOD path?query` → [status, body]). */
class FakeApi {
  readonly requests: Recorded[] = [];
  routes: Record<string, [number, unknown]> = {};
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        const key = `${request.method} ${request.url}`;
        const [status, answer] = this.routes[key] ?? [
          404,
          { error: { code: 'RouteNotFound', message: `No route for ${key}` } },
        ];
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const api = new FakeApi();

interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI against the fake API (a loopback URL, as the local runtime's): no credentials, no Region. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--api-url', api.url], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env,
    credentials: () => {
      throw new Error('credentials were resolved for a loopback API');
    },
    now: () => NOW,
  });
  return { code, out, err };
}

const DEPLOYED_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1';

/**
 * Runs the CLI against a deployed API's URL, with credentials; its transport records the request as sent and forwards it
 * to the fake API, so the signature can be checked against what left the CLI.
 */
async function cliDeployed(
  args: string[],
): Promise<CliRun & { sent: { url: string; headers: Record<string, string> }[] }> {
  let out = '';
  let err = '';
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const code = await runCli([...args, '--api-url', DEPLOYED_URL], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    credentials: () => CREDENTIALS,
    now: () => NOW,
    transport: (exchange) => {
      sent.push({ url: exchange.url, headers: { ...exchange.headers } });
      return nodeHttpTransport({ ...exchange, url: exchange.url.replace(DEPLOYED_URL, api.url) });
    },
  });
  return { code, out, err, sent };
}

const FLOWS_PAGE = {
  items: [
    {
      arn: FLOW_ARN,
      name: 'AwardsShow',
      status: 'ACTIVE',
      availabilityZone: 'eu-west-1a',
      sourceType: 'OWNED',
      polling: { enabled: true, intervalSeconds: 300 },
    },
    { arn: FLOW_ARN.replace('AwardsShow', 'AwardsShowBackup'), name: 'AwardsShowBackup', status: 'STANDBY' },
  ],
};

describe('mediamon CLI', () => {
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.requests.length = 0;
    api.routes = {};
  });

  it('signs every request to a deployed API with SigV4 for execute-api, in the Region of its URL', async () => {
    // Prepare
    api.routes['GET /v1/flows?status=ACTIVE&limit=100'] = [200, FLOWS_PAGE];

    // Act
    const { code, sent } = await cliDeployed(['flows', '--status', 'ACTIVE']);

    // Assess
    expect(code).toBe(0);
    const request = sent[0]!;
    const authorization = request.headers.authorization!;
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[\w;-]+, Signature=[0-9a-f]{64}$/,
    );
    // Recompute the signature from what was sent: it matches only if path, query, headers and date were signed.
    const amzDate = request.headers['x-amz-date']!;
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
    const url = new URL(request.url);
    const sentHeaders: Record<string, string> = { ...request.headers, host: url.host };
    const received = new HttpRequest({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signedHeaders.map((name) => [name, sentHeaders[name]!])),
    });
    const signer = new SignatureV4({
      service: 'execute-api',
      region: REGION,
      credentials: CREDENTIALS,
      sha256: Sha256,
    });
    const date = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const expected = (await signer.sign(received, { signingDate: date })) as HttpRequest;
    expect(expected.headers.authorization).toBe(authorization);
  });

  it('calls a local runtime on loopback unsigned, with no AWS credentials and no Region', async () => {
    // Prepare
    api.routes['GET /v1/flows?limit=100'] = [200, FLOWS_PAGE];

    // Act
    const { code, out, err } = await cli(['flows'], {});

    // Assess
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('AwardsShow');
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
    expect(api.requests[0]!.headers['x-amz-date']).toBeUndefined();
  });

  it('says how to start the local runtime when nothing answers on its loopback URL, exit 1', async () => {
    // Prepare: a port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    let err = '';

    // Act
    const code = await runCli(['flows', '--api-url', `http://127.0.0.1:${port}`], {
      stdout: () => undefined,
      stderr: (text) => (err += text),
      env: {},
    });

    // Assess
    expect(code).toBe(1);
    expect(err).toBe(
      `mediamon: nothing answers at http://127.0.0.1:${port} (connection refused); start the local runtime with \`npm run demo\` or \`npm start\` (REST API on port 3000)\n`,
    );
  });

  it('signs for a loopback URL only when --role-arn is given on the command line, not from MEDIAMON_ROLE_ARN', async () => {
    // Prepare
    api.routes['GET /v1/flows?limit=100'] = [200, FLOWS_PAGE];
    const roleArn = 'arn:aws:iam::111122223333:role/MediaMonitorReadOnly';
    const assumed: (string | undefined)[] = [];
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      runCli([...args, '--api-url', api.url], {
        stdout: () => undefined,
        stderr: () => undefined,
        env,
        credentials: (options) => {
          assumed.push(options.roleArn);
          return CREDENTIALS;
        },
      });

    // Act
    const fromEnv = await run(['flows'], { MEDIAMON_ROLE_ARN: roleArn });
    const fromFlag = await run(['flows', '--role-arn', roleArn], { AWS_REGION: REGION });

    // Assess
    expect([fromEnv, fromFlag]).toEqual([0, 0]);
    expect(assumed).toEqual([roleArn]);
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
    expect(api.requests[1]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });

  it('needs a Region for a deployed API whose URL does not name one', async () => {
    // Act
    let err = '';
    const code = await runCli(['flows', '--api-url', 'https://api.example.com/v1'], {
      stdout: () => undefined,
      stderr: (text) => (err += text),
      env: {},
      credentials: () => CREDENTIALS,
    });

    // Assess
    expect(code).toBe(2);
    expect(err).toContain('give --region');
  });

  it('prints flows as an aligned table', async () => {
    // Prepare
    api.routes['GET /v1/flows?limit=100'] = [200, FLOWS_PAGE];

    // Act
    const { code, out } = await cli(['flows']);

    // Assess
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+NAME\s+STATUS\s+HEALTH\s+AZ\s+SOURCE\s+POLLING\s+ARN$/);
    expect(lines[1]).toMatch(
      /^111122223333\s+AwardsShow\s+ACTIVE\s+-\s+eu-west-1a\s+OWNED\s+every 300s\s+arn:aws:mediaconnect:/,
    );
    expect(lines[0]!.indexOf('STATUS')).toBe(lines[1]!.indexOf('ACTIVE'));
    expect(lines.at(-1)).toBe('2 flows');
  });

  it('prints the API JSON with --json, following nextToken', async () => {
    // Prepare
    api.routes['GET /v1/flows?limit=100'] = [200, { items: [FLOWS_PAGE.items[0]], nextToken: 'tok+/=' }];
    api.routes['GET /v1/flows?limit=100&nextToken=tok%2B%2F%3D'] = [200, { items: [FLOWS_PAGE.items[1]] }];

    // Act
    const { code, out } = await cli(['flows', '--json']);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ items: FLOWS_PAGE.items });
  });

  it('resolves a flow name through namePrefix and draws its tree', async () => {
    // Prepare
    api.routes['GET /v1/flows?namePrefix=AwardsShow&limit=100'] = [200, FLOWS_PAGE];
    api.routes[`GET /v1/flows/${encodeURIComponent(FLOW_ARN)}`] = [
      200,
      {
        arn: FLOW_ARN,
        name: 'AwardsShow',
        status: 'ACTIVE',
        sources: [
          {
            name: 'Primary',
            protocol: 'srt-listener',
            ingestIp: '10.0.0.1',
            ingestPort: 5000,
            metrics: { latest: { SourceBitRate: { t: 1, v: 4_500_000 } } },
          },
        ],
        outputs: [{ name: 'ToMediaLive', protocol: 'rtp', destination: '10.0.1.1', port: 6000 }],
        entitlements: [
          {
            name: 'AnyCompany',
            status: 'ENABLED',
            subscribers: ['444455556666'],
            dataTransferSubscriberFeePercent: 15,
          },
        ],
        metrics: { latest: { BitRate: { t: 1, v: 4_500_000 } }, lastPolledAt: '2025-11-25T09:58:00Z' },
        alarms: [{ name: 'AwardsShow-SourceBitRate', state: 'ALARM', reason: 'below 1 Mb/s' }],
        links: { console: 'https://eu-west-1.console.aws.amazon.com/mediaconnect/home' },
      },
    ];

    // Act
    const { code, out } = await cli(['flow', 'AwardsShow']);

    // Assess
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'AwardsShow  ACTIVE',
        FLOW_ARN,
        '├── Sources (1)',
        '│   └── Primary  srt-listener  10.0.0.1:5000  [SourceBitRate=4.50 Mb/s]',
        '├── Outputs (1)',
        '│   └── ToMediaLive  rtp  10.0.1.1:6000',
        '├── Entitlements (1)',
        '│   └── AnyCompany  ENABLED  subscribers 444455556666  fee 15%',
        '├── Metrics (polled 2m ago)',
        '│   └── BitRate 4.50 Mb/s',
        '├── Alarms (1)',
        '│   └── AwardsShow-SourceBitRate  ALARM  below 1 Mb/s',
        '└── Links',
        '    └── console  https://eu-west-1.console.aws.amazon.com/mediaconnect/home',
        '',
      ].join('\n'),
    );
  });

  it('grants an entitlement from flags and prints what to give the subscriber', async () => {
    // Prepare
    const entitlementArn = 'arn:aws:mediaconnect:eu-west-1:111122223333:entitlement:1-11aa:AnyCompany';
    api.routes[`POST /v1/flows/${encodeURIComponent(FLOW_ARN)}/entitlements`] = [
      201,
      {
        entitlementArn,
        name: 'AnyCompany',
        subscriberHandoff: {
          entitlementArn,
          region: REGION,
          dataTransferSubscriberFeePercent: 15,
          encryption: { keyType: 'static-key', algorithm: 'aes128' },
        },
      },
    ];

    // Act
    const { code, out } = await cli([
      'entitlement',
      'grant',
      FLOW_ARN,
      '--name',
      'AnyCompany',
      '--subscriber',
      '444455556666',
      '--subscriber',
      '123456789012',
      '--fee',
      '15',
      '--key-type',
      'static-key',
      '--encryption-role-arn',
      'arn:aws:iam::111122223333:role/MediaConnect-ASM',
      '--secret-arn',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mySecret1',
      '--algorithm',
      'aes128',
    ]);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(api.requests[0]!.body)).toEqual({
      name: 'AnyCompany',
      subscribers: ['444455556666', '123456789012'],
      dataTransferSubscriberFeePercent: 15,
      encryption: {
        keyType: 'static-key',
        roleArn: 'arn:aws:iam::111122223333:role/MediaConnect-ASM',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mySecret1',
        algorithm: 'aes128',
      },
    });
    expect(api.requests[0]!.headers['content-type']).toBe('application/json');
    expect(out).toContain(`  Entitlement ARN         ${entitlementArn}`);
    expect(out).toContain('  Data transfer fee share 15%');
  });

  it('disables an entitlement by name', async () => {
    // Prepare
    const entitlementArn = 'arn:aws:mediaconnect:eu-west-1:111122223333:entitlement:1-11aa:AnyCompany';
    api.routes[`GET /v1/flows/${encodeURIComponent(FLOW_ARN)}`] = [
      200,
      { entitlements: [{ name: 'AnyCompany', arn: entitlementArn }] },
    ];
    api.routes[`PATCH /v1/flows/${encodeURIComponent(FLOW_ARN)}/entitlements/${encodeURIComponent(entitlementArn)}`] = [
      200,
      { entitlementStatus: 'DISABLED' },
    ];

    // Act
    const { code } = await cli(['entitlement', 'update', FLOW_ARN, 'AnyCompany', '--disable']);

    // Assess
    expect(code).toBe(0);
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(JSON.parse(api.requests[1]!.body)).toEqual({ entitlementStatus: 'DISABLED' });
  });

  it('reports an API error with its status and code, exit 1', async () => {
    // Prepare
    api.routes[`POST /v1/flows/${encodeURIComponent(FLOW_ARN)}/start`] = [
      409,
      { error: { code: 'Conflict', message: 'Flow AwardsShow is STOPPING' } },
    ];

    // Act
    const { code, err } = await cli(['start', FLOW_ARN]);

    // Assess
    expect(code).toBe(1);
    expect(err).toBe('mediamon: 409 Conflict: Flow AwardsShow is STOPPING\n');
  });

  it('refuses an ambiguous or unknown flow name, exit 2', async () => {
    // Prepare
    api.routes['GET /v1/flows?namePrefix=Twin&limit=100'] = [
      200,
      {
        items: [
          { name: 'Twin', arn: 'arn:1' },
          { name: 'Twin', arn: 'arn:2' },
        ],
      },
    ];
    api.routes['GET /v1/flows?namePrefix=Nobody&limit=100'] = [200, { items: [] }];

    // Act
    const twin = await cli(['stop', 'Twin']);
    const nobody = await cli(['stop', 'Nobody']);

    // Assess
    expect(twin).toMatchObject({ code: 2, err: expect.stringContaining('2 flows are named "Twin"') });
    expect(nobody).toMatchObject({ code: 2, err: expect.stringContaining('No flow is named "Nobody"') });
    expect(api.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('lists the entitlement subcommands when none is given, exit 2', async () => {
    // Act
    const { code, out, err } = await cli(['entitlement']);

    // Assess
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('entitlement takes a subcommand');
    expect(err).toMatch(/^ {2}entitlement grant <flow> --name N --subscriber ACCOUNT/m);
    expect(err).toMatch(/^ {2}entitlement update <flow> <entitlement name\|arn>/m);
    expect(err).toMatch(/^ {2}entitlement revoke <flow> <entitlement name\|arn>/m);
    expect(err).not.toContain('flows [--status');
    expect(api.requests).toEqual([]);
  });

  it('prints the entitlement subcommands for entitlement --help, exit 0', async () => {
    // Act
    const { code, out } = await cli(['entitlement', '--help']);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('entitlement revoke <flow>');
    expect(out).toContain('Encryption options:');
    expect(out).not.toContain('flows [--status');
  });

  it('names the entitlement subcommands for an unknown one', async () => {
    // Act
    const { code, err } = await cli(['entitlement', 'delete', 'AwardsShow', 'AnyCompany']);

    // Assess
    expect(code).toBe(2);
    expect(err).toContain('unknown entitlement subcommand "delete"; use grant, update or revoke');
  });

  it.each([['yesterday'], ['15'], ['2h ago'], ['2025-13-45T99:00:00Z'], ['2025-11-25T10:00:00']])(
    'refuses --since %j as a usage error naming --since, exit 2',
    async (since) => {
      // Act
      const { code, err } = await cli(['events', FLOW_ARN, '--since', since]);

      // Assess
      expect(code).toBe(2);
      expect(err).toContain(`--since "${since}" is not a duration (15m, 2h, 1d) or an ISO time with a zone`);
      expect(api.requests).toEqual([]);
    },
  );

  it.each([
    ['90m', '2025-11-25T08:30:00.000Z'],
    ['2025-11-25T09:00:00+01:00', '2025-11-25T08:00:00.000Z'],
  ])('sends --since %j as the ISO time %s', async (since, iso) => {
    // Prepare
    api.routes[`GET /v1/events?resourceArn=${encodeURIComponent(FLOW_ARN)}&since=${encodeURIComponent(iso)}&limit=50`] =
      [200, { items: [] }];

    // Act
    const { code } = await cli(['events', FLOW_ARN, '--since', since]);

    // Assess
    expect(code).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  it('says when a list stops at --limit with more pages left, and gives the next token', async () => {
    // Prepare
    api.routes['GET /v1/flows?limit=1'] = [200, { items: [FLOWS_PAGE.items[0]], nextToken: 'page2' }];

    // Act
    const table = await cli(['flows', '--limit', '1']);
    const json = await cli(['flows', '--limit', '1', '--json']);

    // Assess
    expect(table.code).toBe(0);
    expect(table.out.trimEnd().split('\n').at(-1)).toBe(
      '1 flow; more pages exist: raise --limit, or continue with --next-token page2',
    );
    expect(JSON.parse(json.out)).toEqual({ items: [FLOWS_PAGE.items[0]], nextToken: 'page2' });
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/flows?limit=1', '/v1/flows?limit=1']);
  });

  it('says so when the default page of events has more behind it', async () => {
    // Prepare
    const events = Array.from({ length: 50 }, (_, i) => ({
      time: `2025-11-25T09:${String(i).padStart(2, '0')}:00Z`,
      kind: 'state',
    }));
    api.routes[`GET /v1/events?resourceArn=${encodeURIComponent(FLOW_ARN)}&limit=50`] = [
      200,
      { items: events, nextToken: 'more' },
    ];

    // Act
    const { code, out } = await cli(['events', FLOW_ARN]);

    // Assess
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '50 events; more pages exist: raise --limit, or continue with --next-token more',
    );
  });

  it('continues a list from --next-token', async () => {
    // Prepare
    api.routes['GET /v1/alarms?limit=100&nextToken=page2'] = [200, { items: [{ name: 'A', state: 'ALARM' }] }];

    // Act
    const { code, out } = await cli(['alarms', '--next-token', 'page2']);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('ALARM');
    expect(out).not.toContain('more pages');
  });

  it.each([
    [
      'intervalSeconds',
      ['polling', FLOW_ARN, '--enabled', 'true', '--interval', '90'],
      `PUT /v1/flows/${encodeURIComponent(FLOW_ARN)}/polling`,
      { code: 'ValidationFailed', message: 'intervalSeconds: must be a multiple of 60', field: 'intervalSeconds' },
      'mediamon: --interval: must be a multiple of 60\n',
    ],
    [
      'subscribers.1',
      ['entitlement', 'grant', FLOW_ARN, '--name', 'A', '--subscriber', '444455556666', '--subscriber', '4444-5555'],
      `POST /v1/flows/${encodeURIComponent(FLOW_ARN)}/entitlements`,
      { code: 'ValidationFailed', message: 'subscribers.1: must be a 12-digit AWS account id', field: 'subscribers.1' },
      'mediamon: --subscriber 4444-5555: must be a 12-digit AWS account id\n',
    ],
    [
      'encryption.secretArn',
      [
        'entitlement',
        'grant',
        FLOW_ARN,
        '--name',
        'A',
        '--subscriber',
        '444455556666',
        '--key-type',
        'static-key',
        '--secret-arn',
        'nope',
      ],
      `POST /v1/flows/${encodeURIComponent(FLOW_ARN)}/entitlements`,
      {
        code: 'ValidationFailed',
        message: 'encryption.secretArn: must be a Secrets Manager secret ARN',
        field: 'encryption.secretArn',
      },
      'mediamon: --secret-arn: must be a Secrets Manager secret ARN\n',
    ],
    [
      'dataTransferSubscriberFeePercent',
      ['entitlement', 'grant', FLOW_ARN, '--name', 'A', '--subscriber', '444455556666', '--fee', '101'],
      `POST /v1/flows/${encodeURIComponent(FLOW_ARN)}/entitlements`,
      {
        code: 'ValidationFailed',
        message: 'dataTransferSubscriberFeePercent: Too big: expected number to be <=100',
        field: 'dataTransferSubscriberFeePercent',
      },
      'mediamon: --fee: Too big: expected number to be <=100\n',
    ],
    [
      'tag',
      ['flows', '--tag', '=x'],
      'GET /v1/flows?tag=%3Dx&limit=100',
      { code: 'ValidationFailed', message: 'tag: must be key or key=value', field: 'tag' },
      'mediamon: --tag: must be key or key=value\n',
    ],
  ])('names the CLI flag when the API refuses the field %s, exit 2', async (_field, args, route, error, expected) => {
    // Prepare
    api.routes[route] = [400, { error }];

    // Act
    const { code, err } = await cli(args);

    // Assess
    expect(err).toBe(expected);
    expect(code).toBe(2);
  });

  it.each([
    [
      '--interval ten',
      ['polling', FLOW_ARN, '--enabled', 'true', '--interval', 'ten'],
      '--interval must be a whole number of seconds; got "ten"',
    ],
    [
      '--fee 1.5',
      ['entitlement', 'grant', FLOW_ARN, '--name', 'A', '--subscriber', '444455556666', '--fee', '1.5'],
      '--fee must be a whole percentage, 0-100; got "1.5"',
    ],
    [
      '--enabled yes',
      ['polling', FLOW_ARN, '--enabled', 'yes', '--interval', '60'],
      'polling needs --enabled true|false',
    ],
  ])('refuses %s before calling the API, naming the flag', async (_label, args, message) => {
    // Act
    const { code, err } = await cli(args);

    // Assess
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(api.requests).toEqual([]);
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['flows', '--since', '1h'], 'flows does not take --since'],
    [['flow'], 'flow takes one flow name or ARN'],
    [['polling', 'AwardsShow', '--interval', '60'], 'polling needs --enabled true|false'],
    [['entitlement', 'grant', 'AwardsShow', '--name', 'x'], 'needs --name and at least one --subscriber'],
    [['flows', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit 2', async (args, message) => {
    // Act
    const { code, err } = await cli(args);

    // Assess
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(api.requests).toEqual([]);
  });
});
