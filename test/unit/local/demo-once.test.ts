import { chainComplete, DemoResult, memberKeptApart, onceSucceeded } from '../../../bin/demo';
import type { ChainSection } from '../../../bin/local/chain-view';
import type { ChainGraph } from '../../../lambdas/chain/link-model';

const FLOW = 'arn:aws:mediaconnect:us-east-1:123456789012:flow:1-abc:NewsHD-Primary';
const PACKAGE = 'arn:aws:mediapackage:us-east-1:123456789012:channels/0a1b';
const ENDPOINT = 'arn:aws:mediapackage:us-east-1:123456789012:origin_endpoints/aa11';

const graph = (endpoint: boolean): ChainGraph => ({
  root: FLOW,
  nodes: [
    { arn: FLOW, type: 'mediaconnect:flow', alarms: [], monitored: true, depth: 0 },
    { arn: PACKAGE, type: 'mediapackage:channel', alarms: [], monitored: true, depth: 3 },
    ...(endpoint
      ? [{ arn: ENDPOINT, type: 'mediapackage:origin-endpoint' as const, alarms: [], monitored: true, depth: 4 }]
      : []),
  ],
  edges: [
    { from: FLOW, to: PACKAGE, types: ['package-ingest'], evidence: [] },
    ...(endpoint ? [{ from: PACKAGE, to: ENDPOINT, types: ['origin-endpoint' as const], evidence: [] }] : []),
  ],
  truncated: false,
  reads: 3,
});

function result(chain: ChainSection | undefined): DemoResult {
  return {
    flowArns: [FLOW],
    mediaLive: { inputs: [], channels: [] },
    mediaPackage: { channels: [], channelGroups: [], created: 0 },
    datapointsSeeded: 10,
    inventory: { ok: true, result: {}, durationMs: 1, requestId: 'i' },
    metrics: { ok: true, result: {}, durationMs: 1, requestId: 'm' },
    view: {
      flows: [
        {
          arn: FLOW,
          name: 'NewsHD-Primary',
          status: 'ACTIVE',
          sources: [{ arn: `${FLOW}:src`, name: 'Newsroom-Encoder', bitrate: 12e6 }],
          outputs: [],
          entitlements: [],
          alarms: [],
        },
      ],
      pollers: [],
      ...(chain ? { chain } : {}),
    },
    lines: [],
    loadFailures: new Map(),
  };
}

describe('demo --once success check', () => {
  const complete: ChainSection = { rootName: 'NewsHD-Primary', state: { kind: 'graph', graph: graph(true) } };
  const short: ChainSection = { rootName: 'NewsHD-Primary', state: { kind: 'graph', graph: graph(false) } };
  const waiting: ChainSection = { rootName: 'NewsHD-Primary', state: { kind: 'waiting' } };

  it('requires the chain to reach a MediaPackage origin endpoint only when the chain is expected', () => {
    // Act / Assess
    expect(onceSucceeded(result(complete), true)).toBe(true);
    expect(onceSucceeded(result(short), true)).toBe(false);
    expect(onceSucceeded(result(waiting), true)).toBe(false);
    expect(onceSucceeded(result(undefined), true)).toBe(false);
    expect(onceSucceeded(result(waiting), false)).toBe(true);
  });

  it('fails when the StopFlow made through the emulated change path never reached the store', () => {
    // Prepare
    const reached = {
      ...result(complete),
      changePath: {
        ok: true,
        summary: 'change path: StopFlow reached the store 90 ms after the call',
        storedAfterMs: 90,
      },
    };
    const lost = {
      ...result(complete),
      changePath: { ok: false, summary: 'change path: StopFlow on X not in the store 5.0 s after the call' },
    };

    // Act / Assess
    expect(onceSucceeded(reached, true)).toBe(true);
    expect(onceSucceeded(lost, true)).toBe(false);
  });

  it('tells a complete chain from one that stops before the endpoints', () => {
    // Act / Assess
    expect(chainComplete(complete)).toBe(true);
    expect(chainComplete(short)).toBe(false);
    expect(chainComplete(waiting)).toBe(false);
  });
});

describe('demo --once: the member account kept apart', () => {
  const MEMBER_FLOW = 'arn:aws:mediaconnect:us-east-1:222222222222:flow:1-def:NewsHD-Primary';
  const flowOf = (arn: string, account: string) => ({
    arn,
    name: 'NewsHD-Primary',
    account,
    status: 'ACTIVE',
    sources: [],
    outputs: [],
    entitlements: [],
    alarms: [],
  });
  const member = {
    account: '222222222222',
    flows: [{ arn: MEMBER_FLOW, name: 'NewsHD-Primary' }],
    datapoints: 0,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  } as unknown as NonNullable<DemoResult['member']>;

  it.each([
    [
      'both same-named flows are stored, each under its account',
      [flowOf(FLOW, '123456789012'), flowOf(MEMBER_FLOW, '222222222222')],
      true,
    ],
    ['the member flow is missing', [flowOf(FLOW, '123456789012')], false],
    ['the member flow replaced the own one', [flowOf(MEMBER_FLOW, '222222222222')], false],
    [
      'the member flow is filed under the own account',
      [flowOf(FLOW, '123456789012'), flowOf(MEMBER_FLOW, '123456789012')],
      false,
    ],
  ])('holds when %s: %s', (_case, flows, expected) => {
    // Act
    const apart = memberKeptApart({ member, view: { flows, pollers: [] } });

    // Assess
    expect(apart).toBe(expected);
  });

  it('holds when no member account is watched', () => {
    // Act / Assess
    expect(memberKeptApart({ view: { flows: [], pollers: [] } })).toBe(true);
  });
});
