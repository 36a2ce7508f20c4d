import { ChainSection, chainSectionLines, chainTreeLines, impactText, nodeState } from '../../../bin/local/chain-view';
import type { EstateView } from '../../../bin/local/estate-view';
import { renderEstate, Span } from '../../../bin/local/tree-renderer';
import type { ChainEdge, ChainGraph, ChainNode, Impact } from '../../../lambdas/chain/link-model';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:NewsHD-Primary`;
const BACKUP = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-def:NewsHD-Backup`;
const INPUT = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:1234567`;
const CHANNEL = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:7654321`;
const PACKAGE = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/0a1b2c3d4e5f`;
const HLS = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/aa11bb22`;
const DASH = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/cc33dd44`;
const NOW = Date.UTC(2026, 11, 2, 1, 30, 0);

const node = (overrides: Partial<ChainNode> & Pick<ChainNode, 'arn' | 'depth'>): ChainNode => ({
  alarms: [],
  monitored: true,
  ...overrides,
});
const edge = (from: string, to: string, type: ChainEdge['types'][number], value: string): ChainEdge => ({
  from,
  to,
  types: [type],
  evidence: [{ field: 'fixture', value }],
});

/** The demo's main chain, as GET /chains/{flow arn} answers it. */
const graph: ChainGraph = {
  root: FLOW,
  nodes: [
    node({
      arn: FLOW,
      depth: 0,
      type: 'mediaconnect:flow',
      service: 'mediaconnect',
      name: 'NewsHD-Primary',
      status: 'ACTIVE',
      alarms: [{ name: 'mediamonitor-Newsroom-Encoder-source-disconnected-1a2b3c4d', state: 'ALARM' }],
    }),
    node({ arn: HLS, depth: 4, type: 'mediapackage:origin-endpoint', name: 'news-hd-hls', health: 'HEALTHY' }),
    node({ arn: DASH, depth: 4, type: 'mediapackage:origin-endpoint', name: 'news-hd-dash', health: 'DEGRADED' }),
    node({ arn: PACKAGE, depth: 3, type: 'mediapackage:channel', name: 'news-hd-origin', health: 'HEALTHY' }),
    node({ arn: CHANNEL, depth: 2, type: 'medialive:channel', name: 'News-HD', status: 'RUNNING', health: 'HEALTHY' }),
    node({ arn: INPUT, depth: 1, type: 'medialive:input', name: 'NewsHD-MediaConnect', status: 'ATTACHED' }),
  ],
  edges: [
    edge(PACKAGE, DASH, 'origin-endpoint', 'news-hd-origin'),
    edge(FLOW, INPUT, 'flow-input', FLOW),
    edge(INPUT, CHANNEL, 'input-attachment', '1234567'),
    edge(CHANNEL, PACKAGE, 'package-ingest', 'news-hd-origin'),
    edge(PACKAGE, HLS, 'origin-endpoint', 'news-hd-origin'),
  ],
  truncated: false,
  reads: 9,
};

const text = (line: readonly Span[]): string =>
  line
    .map((s) => s.text)
    .join('')
    .trimEnd();
const styleOf = (line: readonly Span[], fragment: string): string | undefined =>
  line.find((s) => s.text.includes(fragment))?.style;

describe('signal chain view', () => {
  it('draws flow → input → channel → package channel → endpoints as a tree, with type, name and state', () => {
    // Act
    const lines = chainTreeLines(graph).map(text);

    // Assess
    expect(lines.map((l) => l.replace(/(?<=\S)\s{2,}.*$/, ''))).toEqual([
      '◆ flow NewsHD-Primary',
      '└─ input NewsHD-MediaConnect',
      '   └─ channel News-HD',
      '      └─ package channel news-hd-origin',
      '         ├─ endpoint news-hd-dash',
      '         └─ endpoint news-hd-hls',
    ]);
    expect(lines[2]).toMatch(/News-HD\s+RUNNING · HEALTHY\s+via input-attachment$/);
    expect(lines[4]).toMatch(/news-hd-dash\s+DEGRADED\s+via origin-endpoint$/);
    // The states start in one column, whatever the depth.
    expect(new Set(lines.map((l) => l.search(/(ACTIVE|ATTACHED|RUNNING|HEALTHY|DEGRADED)/)))).toEqual(new Set([50]));
  });

  it('marks an alarmed node in text and in red, and colours states by how bad they are', () => {
    // Act
    const lines = chainTreeLines(graph);

    // Assess
    expect(text(lines[0]!)).toContain('! 1 alarm  mediamonitor-Newsroom-Encoder-source-disconnected-1a2b3c4d');
    expect(styleOf(lines[0]!, '! 1 alarm')).toBe('red');
    expect(styleOf(lines[4]!, 'DEGRADED')).toBe('yellow');
    expect(styleOf(lines[5]!, 'HEALTHY')).toBe('green');
    expect(nodeState(node({ arn: CHANNEL, depth: 2, status: 'RUNNING', health: 'UNHEALTHY' }))).toEqual({
      text: 'RUNNING · UNHEALTHY',
      style: 'red',
    });
    expect(nodeState(node({ arn: PACKAGE, depth: 3 }))).toEqual({ text: 'monitored', style: 'dim' });
  });

  it('draws a node fed by two upstream nodes once, and names it as shown above the second time', () => {
    // Prepare
    const twoFeeds: ChainGraph = {
      ...graph,
      nodes: [
        ...graph.nodes,
        node({ arn: BACKUP, depth: -1, type: 'mediaconnect:flow', name: 'NewsHD-Backup', status: 'ACTIVE' }),
      ],
      edges: [...graph.edges, edge(BACKUP, INPUT, 'flow-input', BACKUP)],
    };

    // Act
    const lines = chainTreeLines(twoFeeds).map(text);

    // Assess
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^flow NewsHD-Backup\s+ACTIVE/);
    expect(lines[1]).toMatch(/^└─ input NewsHD-MediaConnect\s+ATTACHED/);
    expect(lines[6]).toMatch(/^◆ flow NewsHD-Primary/);
    expect(lines[7]).toMatch(/^└─ input NewsHD-MediaConnect\s+\(shown above\)$/);
  });

  it('says when a node is not monitored, in another account, or one of several candidates', () => {
    // Prepare
    const remote = `arn:aws:mediapackage:us-east-1:444455556666:channels/ffff`;
    const withRemote: ChainGraph = {
      root: CHANNEL,
      nodes: [
        node({ arn: CHANNEL, depth: 0, type: 'medialive:channel', name: 'News-HD', status: 'RUNNING' }),
        node({ arn: remote, depth: 1, monitored: false, remote: { account: '444455556666', region: 'us-east-1' } }),
      ],
      edges: [{ ...edge(CHANNEL, remote, 'package-ingest', 'https://x'), ambiguous: true, remote: true }],
      truncated: true,
      reads: 3,
    };

    // Act
    const lines = chainSectionLines({ rootName: 'News-HD', state: { kind: 'graph', graph: withRemote } }).map(text);

    // Assess
    expect(lines[0]).toBe('Signal chain · News-HD · 2 resources, 1 link, 3 reads');
    expect(lines[2]).toMatch(
      /└─ resource ffff\s+not monitored\s+↗ remote 444455556666 us-east-1 {2}\? ambiguous link {2}via package-ingest$/,
    );
    expect(lines[3]).toBe('  … the chain goes on past the bound of the walk');
  });

  it('shows "chain: waiting for links" when the API has no chain yet, or a chain without links', () => {
    // Prepare
    const waiting: ChainSection = { rootName: 'NewsHD-Primary', state: { kind: 'waiting' } };
    const lonely: ChainSection = {
      rootName: 'NewsHD-Primary',
      state: {
        kind: 'graph',
        graph: { root: FLOW, nodes: [node({ arn: FLOW, depth: 0 })], edges: [], truncated: false, reads: 1 },
      },
    };
    const failing: ChainSection = {
      rootName: 'NewsHD-Primary',
      state: { kind: 'unavailable', message: '502 Bad Gateway' },
    };

    // Act
    const [waitingLines, lonelyLines, failingLines] = [waiting, lonely, failing].map((s) =>
      chainSectionLines(s).map(text),
    );

    // Assess
    expect(waitingLines).toEqual(['Signal chain · NewsHD-Primary', '  chain: waiting for links']);
    expect(lonelyLines).toEqual(waitingLines);
    expect(failingLines?.[1]).toBe('  chain: unavailable (502 Bad Gateway)');
  });

  it('lists what an alarm affects, nearest first, by name or else by the end of the ARN', () => {
    // Prepare
    const impacts: Impact[] = [
      { arn: HLS, type: 'mediapackage:origin-endpoint', name: 'news-hd-hls', depth: 4 },
      { arn: DASH, type: 'mediapackage:origin-endpoint', depth: 4 },
      { arn: PACKAGE, type: 'mediapackage:channel', name: 'news-hd-origin', depth: 3 },
      { arn: CHANNEL, type: 'medialive:channel', name: 'News-HD', depth: 2 },
    ];

    // Act
    const line = impactText(impacts);

    // Assess
    expect(line).toBe('affects: News-HD, news-hd-origin, cc33dd44, news-hd-hls');
    expect(impactText([])).toBeUndefined();
    expect(impactText(undefined)).toBeUndefined();
  });

  it('puts the chain under the channels and the impact under its alarm on the screen', () => {
    // Prepare
    const alarmName = 'mediamonitor-Newsroom-Encoder-source-disconnected-1a2b3c4d';
    const view: EstateView = {
      flows: [
        {
          arn: FLOW,
          name: 'NewsHD-Primary',
          status: 'ACTIVE',
          sources: [],
          outputs: [],
          entitlements: [],
          alarms: [
            {
              name: alarmName,
              state: 'ALARM',
              flowName: 'NewsHD-Primary',
              impacts: [
                { arn: CHANNEL, name: 'News-HD', depth: 2 },
                { arn: PACKAGE, name: 'news-hd-origin', depth: 3 },
              ],
            },
          ],
        },
      ],
      pollers: [],
      chain: { rootName: 'NewsHD-Primary', state: { kind: 'graph', graph } },
    };

    // Act
    const lines = renderEstate(
      view,
      { title: 'media-monitor · test', region: REGION, account: ACCOUNT },
      { now: NOW, width: 160 },
    );

    // Assess
    const chainAt = lines.findIndex((l) => l.startsWith('Signal chain · NewsHD-Primary'));
    const alarmAt = lines.findIndex((l) => l.includes(`! ${alarmName}`));
    expect(chainAt).toBeGreaterThan(0);
    expect(lines[chainAt + 4]).toContain('└─ package channel news-hd-origin');
    expect(alarmAt).toBeGreaterThan(chainAt);
    expect(lines[alarmAt + 1]).toBe('      ↳ affects: News-HD, news-hd-origin');
  });
});
