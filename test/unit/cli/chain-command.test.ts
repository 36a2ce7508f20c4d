import type { HttpExchange } from '../../../bin/cli/http-transport';
import { runCli } from '../../../bin/cli/run-cli';

const API_URL = 'http://127.0.0.1:3000';
const NOW = Date.parse('2026-12-01T10:00:00Z');
const FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc-def:NewsFeed';
const INPUT = 'arn:aws:medialive:eu-west-1:111122223333:input:1234567';
const CHANNEL = 'arn:aws:medialive:eu-west-1:111122223333:channel:7654321';
const PACKAGE_CHANNEL = 'arn:aws:mediapackage:eu-west-1:111122223333:channels/6d5f2a1b0c';
const HLS = 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/aa11';
const DASH = 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/bb22';
const enc = encodeURIComponent;

/** The API as the CLI sees it: answers by `METHOD path?query`, and every request the CLI sent. */
function fakeApi(routes: Record<string, [number, unknown]>) {
  const sent: string[] = [];
  const transport = async (exchange: HttpExchange) => {
    const url = new URL(exchange.url);
    const key = `${exchange.method} ${url.pathname}${url.search}`;
    sent.push(key);
    const [status, body] = routes[key] ?? [404, { error: { code: 'RouteNotFound', message: `No route for ${key}` } }];
    return { status, statusText: '', body: JSON.stringify(body) };
  };
  return { sent, transport };
}

async function cli(args: string[], routes: Record<string, [number, unknown]>) {
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
  return { code, out, err, sent: api.sent };
}

const GRAPH = {
  root: CHANNEL,
  nodes: [
    {
      arn: CHANNEL,
      type: 'medialive:channel',
      service: 'medialive',
      name: 'News-HD',
      status: 'RUNNING',
      health: 'DEGRADED',
      alarms: [{ name: 'Input Loss', state: 'SET' }],
      monitored: true,
      depth: 0,
    },
    {
      arn: PACKAGE_CHANNEL,
      type: 'mediapackage:channel',
      name: 'news-hd-origin',
      alarms: [],
      monitored: true,
      depth: 1,
    },
    {
      arn: INPUT,
      type: 'medialive:input',
      name: 'news-input',
      status: 'ATTACHED',
      alarms: [],
      monitored: true,
      depth: -1,
    },
    { arn: HLS, type: 'mediapackage:origin-endpoint', name: 'news-hls', alarms: [], monitored: true, depth: 2 },
    { arn: DASH, alarms: [], monitored: false, remote: { account: '444455556666' }, depth: 2 },
    {
      arn: FLOW,
      type: 'mediaconnect:flow',
      name: 'NewsFeed',
      status: 'ACTIVE',
      alarms: [
        { name: 'a', state: 'ALARM' },
        { name: 'b', state: 'ALARM' },
      ],
      monitored: true,
      depth: -2,
    },
  ],
  edges: [
    { from: CHANNEL, to: PACKAGE_CHANNEL, types: ['package-ingest'], evidence: [] },
    { from: INPUT, to: CHANNEL, types: ['input-attachment'], evidence: [] },
    { from: PACKAGE_CHANNEL, to: HLS, types: ['origin-endpoint'], evidence: [] },
    { from: PACKAGE_CHANNEL, to: DASH, types: ['origin-endpoint'], evidence: [], ambiguous: true },
    { from: FLOW, to: INPUT, types: ['flow-output'], evidence: [] },
  ],
  truncated: false,
  reads: 6,
};

/** The name lookups of `chain News-HD`: the channel list has it, MediaPackage v2 is not served by this API. */
const LOOKUPS: Record<string, [number, unknown]> = {
  'GET /flows?namePrefix=News-HD&limit=100': [200, { items: [] }],
  'GET /inputs?namePrefix=News-HD&limit=100': [200, { items: [] }],
  'GET /channels?namePrefix=News-HD&limit=100': [
    200,
    {
      items: [
        { arn: CHANNEL, name: 'News-HD' },
        { arn: `${CHANNEL}9`, name: 'News-HD-backup' },
      ],
    },
  ],
  'GET /mediapackage/channels?namePrefix=News-HD&limit=100': [200, { items: [] }],
};

describe('mediamon chain', () => {
  it('prints what feeds a channel above it and what it feeds below, found by its exact name', async () => {
    // Act
    const run = await cli(['chain', 'News-HD', '--direction', 'both', '--depth', '3'], {
      ...LOOKUPS,
      [`GET /chains/${enc(CHANNEL)}?direction=both&depth=3`]: [200, GRAPH],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toBe(
      [
        'upstream (what feeds it)',
        '└── ←[input-attachment] news-input  medialive:input  ATTACHED',
        '    └── ←[flow-output] NewsFeed  mediaconnect:flow  ACTIVE  2 active alarms',
        '',
        '● News-HD  medialive:channel  RUNNING  health DEGRADED  1 active alarm',
        `  ${CHANNEL}`,
        '',
        'downstream (what it feeds)',
        '└── →[package-ingest] news-hd-origin  mediapackage:channel',
        '    ├── →[origin-endpoint] news-hls  mediapackage:origin-endpoint',
        `    └── →[origin-endpoint ambiguous] ${DASH}  not monitored  remote 444455556666`,
        '',
        '6 nodes, 5 edges',
        '',
      ].join('\n'),
    );
    expect(run.sent).toContain('GET /mediapackagev2/channels?namePrefix=News-HD&limit=100');
  });

  it('prints the API’s answer with --json, taking an ARN as it is and mapping --direction down', async () => {
    // Act
    const run = await cli(['chain', CHANNEL, '--direction', 'down', '--json'], {
      [`GET /chains/${enc(CHANNEL)}?direction=downstream`]: [200, { ...GRAPH, truncated: true }],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ ...GRAPH, truncated: true });
    expect(run.sent).toEqual([`GET /chains/${enc(CHANNEL)}?direction=downstream`]);
  });

  it('says when the chain was cut short', async () => {
    // Act
    const run = await cli(['chain', CHANNEL], {
      [`GET /chains/${enc(CHANNEL)}`]: [200, { ...GRAPH, truncated: true }],
    });

    // Assess
    expect(run.out).toContain('6 nodes, 5 edges; cut short by the depth or node limit (raise --depth)');
  });

  it('refuses a name that more than one resource has, listing the candidates', async () => {
    // Act
    const run = await cli(['chain', 'News-HD'], {
      ...LOOKUPS,
      'GET /mediapackage/channels?namePrefix=News-HD&limit=100': [
        200,
        { items: [{ arn: PACKAGE_CHANNEL, name: 'News-HD' }] },
      ],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      `2 resources are named "News-HD"; give the ARN: channel ${CHANNEL}, MediaPackage channel ${PACKAGE_CHANNEL}`,
    );
    expect(run.sent.some((key) => key.startsWith('GET /chains/'))).toBe(false);
  });

  it('refuses a name no resource has, naming the ones that start with it', async () => {
    // Act
    const run = await cli(['chain', 'News'], {
      'GET /channels?namePrefix=News&limit=100': [200, { items: [{ arn: CHANNEL, name: 'News-HD' }] }],
      'GET /flows?namePrefix=News&limit=100': [200, { items: [] }],
      'GET /inputs?namePrefix=News&limit=100': [200, { items: [] }],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'No flow, input, channel or MediaPackage channel is named "News"; starting with it: channel News-HD',
    );
  });

  it.each([
    [['--direction', 'sideways'], '--direction must be up, down or both; got "sideways"'],
    [['--depth', '0'], '--depth must be a positive integer'],
    [['--limit', '5'], 'chain does not take --limit'],
  ])('refuses %j before calling the API', async (options, message) => {
    // Act
    const run = await cli(['chain', CHANNEL, ...options], {});

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expect(run.sent).toEqual([]);
  });

  it('names --depth when the API refuses the depth', async () => {
    // Act
    const run = await cli(['chain', CHANNEL, '--depth', '11'], {
      [`GET /chains/${enc(CHANNEL)}?depth=11`]: [
        400,
        { error: { code: 'ValidationFailed', message: 'depth: Too big: expected number to be <=10', field: 'depth' } },
      ],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe('mediamon: --depth: Too big: expected number to be <=10\n');
  });

  it('fails with the API’s 404 for an ARN nothing is stored for', async () => {
    // Act
    const run = await cli(['chain', HLS], {
      [`GET /chains/${enc(HLS)}`]: [
        404,
        { error: { code: 'NotFound', message: `No resource or link is stored for ${HLS}` } },
      ],
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.err).toBe(`mediamon: 404 NotFound: No resource or link is stored for ${HLS}\n`);
  });

  it('shows in the alarm list what each active alarm affects downstream', async () => {
    // Act
    const run = await cli(['alarms', '--state', 'ALARM'], {
      'GET /alarms?state=ALARM&limit=100': [
        200,
        {
          items: [
            {
              name: 'NewsFeed-source-lost',
              state: 'ALARM',
              resourceArn: FLOW,
              impacts: [
                { arn: INPUT, name: 'news-input', depth: 1 },
                { arn: CHANNEL, name: 'News-HD', depth: 2 },
                { arn: DASH, name: 'news-dash', depth: 4 },
              ],
              impactsTruncated: true,
            },
            { name: 'Other', state: 'ALARM', resourceArn: HLS },
          ],
        },
      ],
    });

    // Assess
    expect(run.code).toBe(0);
    const [header, first, second] = run.out.split('\n');
    expect(header).toMatch(/REASON\s+AFFECTS$/);
    expect(first).toMatch(/news-input, News-HD, news-dash, …$/);
    expect(second).toMatch(/-\s+-$/);
  });
});
