import type { HttpExchange } from '../../../bin/cli/http-transport';
import { renderTargets } from '../../../bin/cli/commands';
import { runCli } from '../../../bin/cli/run-cli';

const API_URL = 'http://127.0.0.1:3000';
const NOW = Date.parse('2026-12-02T10:00:00Z');
const OWN = '111111111111';
const MEMBER = '222222222222';
const flowArn = (account: string, id: string, name: string) =>
  `arn:aws:mediaconnect:eu-west-1:${account}:flow:1-${id}:${name}`;
const OWN_NEWS = flowArn(OWN, 'aaa-111', 'NewsHD-Primary');
const MEMBER_NEWS = flowArn(MEMBER, 'bbb-222', 'NewsHD-Primary');
const enc = encodeURIComponent;
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

/** The API as the CLI sees it: answers by `METHOD path?query`, and records every request the CLI sent. */
function fakeApi(routes: Record<string, [number, unknown]>) {
  const sent: { key: string; body?: string }[] = [];
  const transport = async (exchange: HttpExchange) => {
    const url = new URL(exchange.url);
    const key = `${exchange.method} ${url.pathname}${url.search}`;
    sent.push({ key, ...(exchange.body !== undefined ? { body: exchange.body } : {}) });
    const [status, body] = routes[key] ?? [404, { error: { code: 'RouteNotFound', message: `No route for ${key}` } }];
    return { status, statusText: '', body: JSON.stringify(body) };
  };
  return { sent, transport };
}

async function cli(args: string[], routes: Record<string, [number, unknown]> = {}) {
  const api = fakeApi(routes);
  let out = '';
  let err = '';
  const code = await runCli([...args, '--api-url', API_URL], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    now: () => NOW,
    transport: api.transport,
  });
  return { code, out, err, sent: api.sent.map((s) => s.key), bodies: api.sent.map((s) => s.body) };
}

const TWO_ACCOUNT_FLOWS = {
  items: [
    { arn: OWN_NEWS, name: 'NewsHD-Primary', status: 'ACTIVE', account: OWN, region: 'eu-west-1' },
    { arn: MEMBER_NEWS, name: 'NewsHD-Primary', status: 'STANDBY', account: MEMBER, region: 'eu-west-1' },
  ],
};

describe('mediamon across watched targets', () => {
  it.each([
    ['flows', '/flows'],
    ['alarms', '/alarms'],
    ['channels', '/channels'],
    ['inputs', '/inputs'],
    ['input-devices', '/input-devices'],
    ['package-channels', '/mediapackage/channels'],
    ['origin-endpoints', '/mediapackage/origin-endpoints'],
    ['v2-channels', '/mediapackagev2/channels'],
  ])('sends --account and --target-region of `%s` as account= and region=', async (command, path) => {
    // Prepare
    const key = `GET ${path}?account=${MEMBER}&region=us-east-1&limit=100`;

    // Act
    const run = await cli([command, '--account', MEMBER, '--target-region', 'us-east-1'], {
      [key]: [200, { items: [] }],
    });

    // Assess
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.sent).toEqual([key]);
  });

  it('sends no target filter when none is given, so the API lists every watched target', async () => {
    // Act
    const run = await cli(['flows'], { 'GET /flows?limit=100': [200, TWO_ACCOUNT_FLOWS] });

    // Assess
    expect(run.code).toBe(0);
    expect(run.sent).toEqual(['GET /flows?limit=100']);
  });

  it('keeps --region as the signing Region: it is not sent as a filter', async () => {
    // Act: a loopback API signs when --role-arn is given; --region then only signs.
    const api = fakeApi({ 'GET /flows?limit=100': [200, { items: [] }] });
    let authorization = '';
    const code = await runCli(
      ['flows', '--region', 'eu-west-1', '--role-arn', 'arn:aws:iam::111111111111:role/Reader', '--api-url', API_URL],
      {
        stdout: () => undefined,
        stderr: () => undefined,
        env: {},
        credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
        transport: (exchange) => {
          authorization = exchange.headers.authorization ?? '';
          return api.transport(exchange);
        },
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(api.sent.map((s) => s.key)).toEqual(['GET /flows?limit=100']);
    expect(authorization).toMatch(/\/eu-west-1\/execute-api\/aws4_request/);
  });

  it('starts every list table with the ACCOUNT column, so same-named flows of two accounts are told apart', async () => {
    // Act
    const run = await cli(['flows'], { 'GET /flows?limit=100': [200, TWO_ACCOUNT_FLOWS] });

    // Assess
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+NAME\s+STATUS\s+HEALTH\s+AZ\s+SOURCE\s+POLLING\s+ARN$/);
    expect(lines[1]).toMatch(new RegExp(`^${OWN}\\s+NewsHD-Primary\\s+ACTIVE\\s`));
    expect(lines[2]).toMatch(new RegExp(`^${MEMBER}\\s+NewsHD-Primary\\s+STANDBY\\s`));
  });

  it('takes the account from the ARN when a row has no account field, and shows - when neither has one', async () => {
    // Act: moto's MediaLive ARNs carry no account.
    const run = await cli(['channels'], {
      'GET /channels?limit=100': [
        200,
        {
          items: [
            { arn: `arn:aws:medialive:eu-west-1:${MEMBER}:channel:1234567`, name: 'News', status: 'RUNNING' },
            { arn: 'arn:aws:medialive:channel:7654321', name: 'Sport', status: 'IDLE' },
          ],
        },
      ],
    });

    // Assess
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+NAME\s+STATE/);
    expect(lines[1]).toMatch(new RegExp(`^${MEMBER}\\s+News\\s+RUNNING`));
    expect(lines[2]).toMatch(/^-\s+Sport\s+IDLE/);
  });

  it('refuses a name two accounts share, naming both accounts and --account, and acts on none', async () => {
    // Act
    const run = await cli(['stop', 'NewsHD-Primary'], {
      'GET /flows?namePrefix=NewsHD-Primary&limit=100': [200, TWO_ACCOUNT_FLOWS],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `mediamon: 2 flows are named "NewsHD-Primary"; give the ARN or --account: ${OWN_NEWS} (account ${OWN}), ` +
        `${MEMBER_NEWS} (account ${MEMBER})\n`,
    );
    expect(run.sent.some((key) => key.startsWith('POST'))).toBe(false);
  });

  it('looks a name up in the --account given, and acts on that account’s resource', async () => {
    // Prepare
    const routes: Record<string, [number, unknown]> = {
      [`GET /flows?account=${MEMBER}&namePrefix=NewsHD-Primary&limit=100`]: [
        200,
        { items: [TWO_ACCOUNT_FLOWS.items[1]] },
      ],
      [`POST /flows/${enc(MEMBER_NEWS)}/stop`]: [202, { status: 'STOPPING' }],
    };

    // Act
    const run = await cli(['stop', 'NewsHD-Primary', '--account', MEMBER], routes);

    // Assess
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.sent).toEqual(Object.keys(routes));
    expect(run.out).toBe('Stopping NewsHD-Primary: STOPPING (stored state not refreshed yet)\n');
  });

  it.each([
    [
      ['--account', '2222-2222-2222'],
      '--account must be a 12-digit AWS account id, without hyphens; got "2222-2222-2222"',
    ],
    [['--target-region', 'Ireland'], '--target-region must be a Region code such as eu-west-1; got "Ireland"'],
    [['--account', MEMBER, '--bits', '128'], 'flows does not take --bits'],
  ])('refuses %j before calling the API, exit 2', async (options, message) => {
    // Act
    const run = await cli(['flows', ...options]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(`mediamon: ${message}`);
    expect(run.sent).toEqual([]);
  });

  it('does not take a target filter on summary, which covers every target', async () => {
    // Act
    const run = await cli(['summary', '--account', MEMBER]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain('summary does not take --account');
  });

  it('names --account when the API says the deployment does not watch it', async () => {
    // Act
    const run = await cli(['flows', '--account', '333333333333'], {
      'GET /flows?account=333333333333&limit=100': [
        400,
        {
          error: {
            code: 'NotWatched',
            message: 'account: 333333333333 is not watched by this deployment',
            field: 'account',
          },
        },
      ],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe('mediamon: --account: 333333333333 is not watched by this deployment\n');
  });
});

describe('mediamon summary of many targets', () => {
  const SUMMARY = {
    account: OWN,
    region: 'eu-west-1',
    services: {},
    alarms: { active: 1, byState: { ALARM: 1 } },
    pollers: [],
    changePath: { status: 'live', lastEventAt: minutesAgo(2) },
    targets: [
      {
        account: OWN,
        region: 'eu-west-1',
        credentials: { type: 'execution-role' },
        operator: { type: 'execution-role' },
        services: ['mediaconnect', 'medialive'],
        counts: { 'mediaconnect:flow': 6, 'medialive:channel': 2 },
        activeAlarms: 1,
        changePath: { status: 'live', sweepPeriodMinutes: 60 },
        credentialsFailing: false,
        pollers: {
          'mediaconnect-inventory': { at: minutesAgo(3), outcome: 'ok', errors: [], stale: false },
          'medialive-inventory': { at: minutesAgo(1), outcome: 'ok', errors: [], stale: false },
        },
      },
      {
        account: MEMBER,
        region: 'eu-west-1',
        credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${MEMBER}:role/media-monitor/read` },
        operator: null,
        services: ['mediaconnect'],
        counts: {},
        activeAlarms: 0,
        changePath: { status: 'unproven', sweepPeriodMinutes: 5 },
        credentialsFailing: true,
        pollers: {
          'mediaconnect-inventory': {
            at: minutesAgo(4),
            outcome: 'credentials-failed',
            errors: ['AccessDenied'],
            stale: false,
          },
          metrics: { at: minutesAgo(4), outcome: 'credentials-failed', errors: ['AccessDenied'], stale: false },
        },
      },
    ],
  };

  it('prints one row per target, a failing target with its outcome and failure name', async () => {
    // Act
    const run = await cli(['summary'], { 'GET /summary': [200, SUMMARY] });

    // Assess
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    const header = lines.findIndex((l) => l.startsWith('ACCOUNT'));
    expect(lines[header]).toMatch(
      /^ACCOUNT\s+REGION\s+CREDENTIALS\s+OPERATOR\s+RESOURCES\s+ALARMS\s+CHANGE PATH\s+LAST CYCLE\s+OUTCOME$/,
    );
    expect(lines[header + 1]).toMatch(
      new RegExp(
        `^${OWN}\\s+eu-west-1\\s+execution-role\\s+execution-role\\s+mediaconnect:flow 6, medialive:channel 2\\s+1\\s+live\\s+1m ago\\s+ok$`,
      ),
    );
    expect(lines[header + 2]).toMatch(
      new RegExp(
        `^${MEMBER}\\s+eu-west-1\\s+assume-role\\s+none\\s+-\\s+0\\s+unproven\\s+4m ago\\s+` +
          'credentials-failed: AccessDenied \\(mediaconnect-inventory\\) \\+1 more$',
      ),
    );
    expect(lines.slice(0, 2)).toEqual([`Account ${OWN}  Region eu-west-1`, 'change path: live (last event 2 min ago)']);
  });

  it.each([
    ['no poller has run yet', [], 'no cycle yet'],
    [
      'a poller is stale',
      [{ poller: 'metrics', lastRunAt: minutesAgo(30), stale: true, errors: 0 }],
      'STALE (metrics)',
    ],
    [
      'a cycle had resource errors',
      [{ poller: 'mediaconnect-inventory', lastRunAt: minutesAgo(1), stale: false, errors: 2 }],
      '2 errors (mediaconnect-inventory)',
    ],
  ])('shows the outcome when %s', (_case, pollers, outcome) => {
    // Act
    const table = renderTargets(
      [{ account: OWN, region: 'eu-west-1', credentials: { type: 'execution-role' }, pollers }],
      NOW,
    );

    // Assess
    expect(table.split('\n')[1]).toMatch(new RegExp(`${outcome.replace(/[()]/g, '\\$&')}$`));
  });

  it('prints no target table for an API that answers without targets', async () => {
    // Act
    const run = await cli(['summary'], { 'GET /summary': [200, { ...SUMMARY, targets: undefined }] });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('CREDENTIALS');
  });
});
