import type { HttpExchange } from '../../../bin/cli/http-transport';
import { runCli } from '../../../bin/cli/run-cli';

const API_URL = 'http://127.0.0.1:3000';
const NOW = Date.parse('2025-11-25T10:00:00Z');
const CHANNEL_ARN = 'arn:aws:medialive:eu-west-1:111122223333:channel:1234567';
const INPUT_ARN = 'arn:aws:medialive:eu-west-1:111122223333:input:7654321';
const enc = encodeURIComponent;

/** The API as the CLI sees it: answers by `METHOD path?query`, and every request the CLI sent. */
function fakeApi(routes: Record<string, [number, unknown]>) {
  const sent: HttpExchange[] = [];
  const transport = async (exchange: HttpExchange) => {
    sent.push(exchange);
    const url = new URL(exchange.url);
    const key = `${exchange.method} ${url.pathname}${url.search}`;
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

const CHANNEL = {
  arn: CHANNEL_ARN,
  name: 'NewsHD',
  status: 'RUNNING',
  channelClass: 'STANDARD',
  pipelinesRunningCount: 2,
};

const TREE = {
  ...CHANNEL,
  deleted: false,
  pipelines: [
    {
      pipelineId: '0',
      activeInputAttachmentName: 'primary',
      metrics: {
        latest: { NetworkIn: { t: 1, v: 5.2 }, DroppedFrames: { t: 1, v: 0 } },
        lastPolledAt: '2025-11-25T09:58:00Z',
      },
    },
    { pipelineId: '1', metrics: { latest: { ActiveAlerts: { t: 1, v: 1 } } } },
  ],
  attachments: [
    {
      name: 'primary',
      inputId: '7654321',
      failover: { secondaryInputId: '7654322', inputPreference: 'PRIMARY_INPUT_PREFERRED', errorClearTimeMsec: 3000 },
    },
  ],
  destinations: [
    { id: 'hls', urls: ['https://origin.example.com/out/index'] },
    { id: 'mp', mediaPackageChannelIds: ['news-mp'] },
  ],
  alerts: [
    { alarmId: 'a1', state: 'SET', alertType: 'Input Loss', pipeline: '1', setAt: '2025-11-25T09:50:00Z' },
    { alarmId: 'a0', state: 'CLEARED', alertType: 'Old Alert' },
  ],
  outputGroupMetrics: [],
  alarms: [{ name: 'NewsHD-DroppedFrames', state: 'ALARM', reason: 'Threshold crossed' }],
  links: { self: `/channels/${enc(CHANNEL_ARN)}` },
};

describe('mediamon MediaLive commands', () => {
  it('lists channels with their state, class and running pipelines, passing the filters', async () => {
    // Act
    const run = await cli(['channels', '--status', 'RUNNING', '--name-prefix', 'News'], {
      'GET /channels?status=RUNNING&namePrefix=News&limit=100': [200, { items: [CHANNEL] }],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain('NAME    STATE    CLASS     PIPELINES  ARN');
    expect(run.out).toContain(`NewsHD  RUNNING  STANDARD  2          ${CHANNEL_ARN}`);
    expect(run.out).toContain('1 channel\n');
  });

  it('stops a channel list at --limit and tells how to continue with --next-token', async () => {
    // Act
    const first = await cli(['channels', '--limit', '1'], {
      'GET /channels?limit=1': [200, { items: [CHANNEL], nextToken: 'tok-1' }],
    });
    const next = await cli(['channels', '--limit', '1', '--next-token', 'tok-1'], {
      'GET /channels?limit=1&nextToken=tok-1': [200, { items: [{ ...CHANNEL, name: 'SportsHD' }] }],
    });

    // Assess
    expect(first.out).toContain('1 channel; more pages exist: raise --limit, or continue with --next-token tok-1');
    expect(next.code).toBe(0);
    expect(next.out).toContain('SportsHD');
  });

  it('lists inputs with their type and attached channels', async () => {
    // Act
    const run = await cli(['inputs'], {
      'GET /inputs?limit=100': [
        200,
        {
          items: [
            {
              arn: INPUT_ARN,
              name: 'StudioFeed',
              status: 'ATTACHED',
              inputType: 'RTMP_PUSH',
              attachedChannelIds: ['1234567'],
            },
          ],
        },
      ],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain(`StudioFeed  ATTACHED  RTMP_PUSH  1234567   ${INPUT_ARN}`);
  });

  it('lists input devices with their connection and device state, type, active input and bitrate', async () => {
    // Act
    const run = await cli(['input-devices', '--status', 'CONNECTED'], {
      'GET /input-devices?status=CONNECTED&limit=100': [
        200,
        {
          items: [
            {
              arn: 'arn:aws:medialive:eu-west-1:111122223333:inputDevice:hd-0123456789ab',
              name: 'Stadium-Link',
              status: 'CONNECTED',
              deviceState: 'STREAMING',
              deviceType: 'HD',
              activeInput: 'SDI',
              maxBitrate: 20_000_000,
            },
          ],
        },
      ],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain('Stadium-Link  CONNECTED   STREAMING  HD    SDI           20 Mb/s');
  });

  it('shows a channel by name as a tree: pipelines with active input and metrics, failover, destinations, SET alerts, alarms', async () => {
    // Act
    const run = await cli(['channel', 'NewsHD'], {
      'GET /channels?namePrefix=NewsHD&limit=100': [
        200,
        { items: [CHANNEL, { ...CHANNEL, name: 'NewsHD-2', arn: 'x' }] },
      ],
      [`GET /channels/${enc(CHANNEL_ARN)}`]: [200, TREE],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        'NewsHD  RUNNING  STANDARD  2 running',
        CHANNEL_ARN,
        '├── Pipelines (2)',
        '│   ├── Pipeline 0  active input primary  polled 2m ago',
        '│   │   ├── NetworkIn 5.2',
        '│   │   └── DroppedFrames 0',
        '│   └── Pipeline 1',
        '│       └── ActiveAlerts 1',
        '├── Inputs (1)',
        '│   └── primary  input 7654321  failover to 7654322  PRIMARY_INPUT_PREFERRED  clear 3000ms',
        '├── Destinations (2)',
        '│   ├── hls  https://origin.example.com/out/index',
        '│   └── mp  MediaPackage news-mp',
        '├── Alerts (1 set)',
        '│   └── Input Loss  pipeline 1  10m ago',
        '├── Alarms (1)',
        '│   └── NewsHD-DroppedFrames  ALARM  Threshold crossed',
        '└── Links',
        `    └── self  /channels/${enc(CHANNEL_ARN)}`,
        '',
      ].join('\n'),
    );
  });

  it('refuses a channel name no channel has, naming the ones that start with it', async () => {
    // Act
    const run = await cli(['channel', 'News'], {
      'GET /channels?namePrefix=News&limit=100': [200, { items: [CHANNEL] }],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe('mediamon: No channel is named "News"; channels starting with it: NewsHD\n');
  });

  it('starts a channel by name and says what MediaLive answered', async () => {
    // Act
    const run = await cli(['start-channel', 'NewsHD'], {
      'GET /channels?namePrefix=NewsHD&limit=100': [200, { items: [CHANNEL] }],
      [`POST /channels/${enc(CHANNEL_ARN)}/start`]: [
        202,
        { channelArn: CHANNEL_ARN, action: 'start', state: 'STARTING', refreshed: false },
      ],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toBe('Starting channel NewsHD: STARTING (stored state not refreshed yet)\n');
    expect(run.sent.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('stops a channel by ARN without resolving it, and prints the JSON answer with --json', async () => {
    // Act
    const answer = { channelArn: CHANNEL_ARN, action: 'stop', state: 'STOPPING', refreshed: true };
    const run = await cli(['stop-channel', CHANNEL_ARN, '--json'], {
      [`POST /channels/${enc(CHANNEL_ARN)}/stop`]: [202, answer],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual(answer);
    expect(run.sent).toHaveLength(1);
  });

  it('reports a 409 from the API with its code and exit code 1', async () => {
    // Act
    const run = await cli(['start-channel', CHANNEL_ARN], {
      [`POST /channels/${enc(CHANNEL_ARN)}/start`]: [
        409,
        {
          error: {
            code: 'ChannelTransitioning',
            message: 'Channel NewsHD is STARTING; wait until it is RUNNING or IDLE',
          },
        },
      ],
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'mediamon: 409 ChannelTransitioning: Channel NewsHD is STARTING; wait until it is RUNNING or IDLE\n',
    );
  });

  it('names the argument the API blames for a bad channel ARN, with exit code 2', async () => {
    // Act
    const run = await cli(['channel', 'arn:aws:medialive:flow:1'], {
      [`GET /channels/${enc('arn:aws:medialive:flow:1')}`]: [
        400,
        {
          error: {
            code: 'ValidationFailed',
            message: 'channelArn: must be a MediaLive channel ARN',
            field: 'channelArn',
          },
        },
      ],
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe('mediamon: the channel: must be a MediaLive channel ARN\n');
  });

  it.each([
    [['channels', '--tag', 'team'], 'channels does not take --tag'],
    [['start-channel'], 'start-channel takes one channel name or ARN'],
    [['inputs', 'extra'], 'inputs takes no arguments'],
  ])('refuses %j with a usage error', async (args, message) => {
    // Act
    const run = await cli(args, {});

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expect(run.sent).toHaveLength(0);
  });
});
