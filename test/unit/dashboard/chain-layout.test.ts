import {
  chainNodeLabel,
  chainNodeStatus,
  chainOutline,
  layoutChain,
  type ChainInput,
  type ChainLayout,
  type OutlineItem,
} from '../../../bin/dashboard/app/model/chain-layout';
import type { ChainEdge, ChainNode, LinkType } from '../../../lambdas/chain/link-model';

const FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc-def:NewsFeed';
const BACKUP_FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-ghi-jkl:BackupFeed';
const INPUT = 'arn:aws:medialive:eu-west-1:111122223333:input:1234567';
const CHANNEL = 'arn:aws:medialive:eu-west-1:111122223333:channel:7654321';
const PACKAGE = 'arn:aws:mediapackage:eu-west-1:111122223333:channels/6d5f2a1b0c';
const HLS = 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/aa11';
const DASH = 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/bb22';

function node(arn: string, depth: number, extra: Partial<ChainNode> = {}): ChainNode {
  return { arn, depth, alarms: [], monitored: true, name: chainNodeLabel({ arn }), ...extra };
}

function edge(from: string, to: string, ...types: LinkType[]): ChainEdge {
  return { from, to, types, evidence: [] };
}

/** The layout as `column: name name` lines, to compare a whole layout at once. */
function columnsOf(layout: ChainLayout): string[] {
  return layout.columns.map((column, i) => `${i}: ${column.map((p) => p.node.name).join(' ')}`);
}

function outlineText(items: readonly OutlineItem[], indent = ''): string[] {
  return items.flatMap((item) => [
    `${indent}${item.linkTypes.length ? `(${item.linkTypes.join(',')}) ` : ''}${item.node.name}${item.seenAbove ? ' [above]' : ''}`,
    ...outlineText(item.children, `${indent}  `),
  ]);
}

/** A channel's chain: a flow feeds its input, it feeds a MediaPackage channel with two endpoints. */
const LINEAR: ChainInput = {
  root: CHANNEL,
  nodes: [
    node(CHANNEL, 0),
    node(INPUT, -1),
    node(PACKAGE, 1),
    node(FLOW, -2),
    node(DASH, 2, { name: 'dash' }),
    node(HLS, 2, { name: 'hls' }),
  ],
  edges: [
    edge(INPUT, CHANNEL, 'input-attachment'),
    edge(CHANNEL, PACKAGE, 'package-ingest'),
    edge(FLOW, INPUT, 'flow-output', 'flow-input'),
    edge(PACKAGE, HLS, 'origin-endpoint'),
    edge(PACKAGE, DASH, 'origin-endpoint'),
  ],
};

describe('layoutChain', () => {
  it('places upstream nodes left of the root and downstream nodes right of it, one column per hop', () => {
    // Act
    const layout = layoutChain(LINEAR);

    // Assess
    expect(columnsOf(layout)).toEqual(['0: NewsFeed', '1: 1234567', '2: 7654321', '3: 6d5f2a1b0c', '4: dash hls']);
    expect(layout.rootColumn).toBe(2);
    expect(layout.edges.every((e) => !e.backward && e.to.column === e.from.column + 1)).toBe(true);
  });

  it('lays out the same graph the same way whatever the order the API lists nodes and edges in', () => {
    // Prepare
    const shuffled: ChainInput = {
      root: LINEAR.root,
      nodes: [...LINEAR.nodes].reverse(),
      edges: [...LINEAR.edges].reverse(),
    };

    // Act
    const a = layoutChain(LINEAR);
    const b = layoutChain(shuffled);

    // Assess
    expect(columnsOf(b)).toEqual(columnsOf(a));
    expect(b.edges.map((e) => `${e.from.row}>${e.to.row}`).sort()).toEqual(
      a.edges.map((e) => `${e.from.row}>${e.to.row}`).sort(),
    );
  });

  it('pushes the far end of a diamond outwards so every acyclic edge points right', () => {
    // Prepare: the flow feeds the channel's input and, through a second input, the channel again; the API's shortest
    // hop count puts the second input's flow one column too near, and a direct flow→channel edge skips a column.
    const INPUT_B = 'arn:aws:medialive:eu-west-1:111122223333:input:7777777';
    const graph: ChainInput = {
      root: FLOW,
      nodes: [node(FLOW, 0), node(INPUT, 1), node(INPUT_B, 1), node(CHANNEL, 1), node(PACKAGE, 2)],
      edges: [
        edge(FLOW, INPUT, 'flow-input'),
        edge(FLOW, INPUT_B, 'flow-input'),
        edge(FLOW, CHANNEL, 'flow-output'),
        edge(INPUT, CHANNEL, 'input-attachment'),
        edge(INPUT_B, CHANNEL, 'input-attachment'),
        edge(CHANNEL, PACKAGE, 'package-ingest'),
      ],
    };

    // Act
    const layout = layoutChain(graph);

    // Assess
    expect(columnsOf(layout)).toEqual(['0: NewsFeed', '1: 1234567 7777777', '2: 7654321', '3: 6d5f2a1b0c']);
    expect(layout.edges.filter((e) => e.backward)).toEqual([]);
  });

  it('pushes an upstream diamond leftwards', () => {
    // Prepare: the channel's input is fed by the flow, which also sends to the channel directly.
    const graph: ChainInput = {
      root: CHANNEL,
      nodes: [node(CHANNEL, 0), node(INPUT, -1), node(FLOW, -1)],
      edges: [edge(FLOW, INPUT, 'flow-input'), edge(INPUT, CHANNEL, 'input-attachment'), edge(FLOW, CHANNEL)],
    };

    // Act
    const layout = layoutChain(graph);

    // Assess
    expect(columnsOf(layout)).toEqual(['0: NewsFeed', '1: 1234567', '2: 7654321']);
    expect(layout.rootColumn).toBe(2);
  });

  it('terminates on a cycle and marks the edge that closes it as backward', () => {
    // Prepare: a loop back from the MediaPackage channel to the flow (a misconfigured re-contribution).
    const graph: ChainInput = {
      root: FLOW,
      nodes: [node(FLOW, 0), node(INPUT, 1), node(CHANNEL, 2), node(PACKAGE, 3)],
      edges: [
        edge(FLOW, INPUT),
        edge(INPUT, CHANNEL, 'input-attachment'),
        edge(CHANNEL, PACKAGE, 'package-ingest'),
        edge(PACKAGE, FLOW, 'flow-output'),
      ],
    };

    // Act
    const layout = layoutChain(graph);

    // Assess
    expect(columnsOf(layout)).toEqual(['0: NewsFeed', '1: 1234567', '2: 7654321', '3: 6d5f2a1b0c']);
    expect(layout.edges.filter((e) => e.backward).map((e) => `${e.from.node.name}>${e.to.node.name}`)).toEqual([
      '6d5f2a1b0c>NewsFeed',
    ]);
  });

  it('orders a column by the rows of its neighbours nearer the root, then by name', () => {
    // Prepare: two flows feed two inputs; the second input (by name) is fed by the first flow (by name).
    const INPUT_A = 'arn:aws:medialive:eu-west-1:111122223333:input:1111111';
    const INPUT_B = 'arn:aws:medialive:eu-west-1:111122223333:input:2222222';
    const graph: ChainInput = {
      root: CHANNEL,
      nodes: [node(CHANNEL, 0), node(INPUT_A, -1), node(INPUT_B, -1), node(FLOW, -2), node(BACKUP_FLOW, -2)],
      edges: [edge(INPUT_A, CHANNEL), edge(INPUT_B, CHANNEL), edge(FLOW, INPUT_A), edge(BACKUP_FLOW, INPUT_B)],
    };

    // Act
    const layout = layoutChain(graph);

    // Assess: inputs by name (both neighbours are the root); flows follow their inputs' rows, not their names.
    expect(columnsOf(layout)).toEqual(['0: NewsFeed BackupFeed', '1: 1111111 2222222', '2: 7654321']);
  });

  it('drops edges to nodes the answer does not hold and merges repeated edges', () => {
    // Prepare
    const graph: ChainInput = {
      root: CHANNEL,
      nodes: [node(CHANNEL, 0), node(INPUT, -1)],
      edges: [edge(INPUT, CHANNEL, 'input-attachment'), edge(INPUT, CHANNEL, 'flow-input'), edge(CHANNEL, PACKAGE)],
    };

    // Act
    const layout = layoutChain(graph);

    // Assess
    expect(layout.edges.map((e) => e.edge.types)).toEqual([['input-attachment', 'flow-input']]);
  });

  it('lays out a lone root as one column', () => {
    // Act
    const layout = layoutChain({ root: CHANNEL, nodes: [node(CHANNEL, 0)], edges: [] });

    // Assess
    expect(columnsOf(layout)).toEqual(['0: 7654321']);
    expect(layout.rootColumn).toBe(0);
  });
});

describe('chainOutline', () => {
  it('reads from the contribution down, each resource with the link type it is fed by', () => {
    // Act
    const outline = chainOutline(layoutChain(LINEAR));

    // Assess
    expect(outlineText(outline)).toEqual([
      'NewsFeed',
      '  (flow-output,flow-input) 1234567',
      '    (input-attachment) 7654321',
      '      (package-ingest) 6d5f2a1b0c',
      '        (origin-endpoint) dash',
      '        (origin-endpoint) hls',
    ]);
  });

  it('lists a node reached twice once in full and once as seen above', () => {
    // Prepare: two flows feed one input.
    const graph: ChainInput = {
      root: INPUT,
      nodes: [node(INPUT, 0), node(FLOW, -1), node(BACKUP_FLOW, -1), node(CHANNEL, 1)],
      edges: [edge(FLOW, INPUT), edge(BACKUP_FLOW, INPUT), edge(INPUT, CHANNEL, 'input-attachment')],
    };

    // Act
    const outline = chainOutline(layoutChain(graph));

    // Assess
    expect(outlineText(outline)).toEqual([
      'BackupFeed',
      '  1234567',
      '    (input-attachment) 7654321',
      'NewsFeed',
      '  1234567 [above]',
    ]);
  });

  it('starts a cycle nothing outside feeds at its leftmost node', () => {
    // Prepare
    const graph: ChainInput = {
      root: FLOW,
      nodes: [node(FLOW, 0), node(INPUT, 1)],
      edges: [edge(FLOW, INPUT), edge(INPUT, FLOW)],
    };

    // Act
    const outline = chainOutline(layoutChain(graph));

    // Assess
    expect(outlineText(outline)).toEqual(['NewsFeed', '  1234567', '    NewsFeed [above]']);
  });
});

describe('chain node label and status', () => {
  it.each([
    [{ arn: CHANNEL, name: 'News-HD' }, 'News-HD'],
    [{ arn: CHANNEL }, '7654321'],
    [{ arn: HLS }, 'aa11'],
    [{ arn: 'arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/live/channel/news' }, 'news'],
    [{ arn: 'arn:aws:medialive:channel:abc123' }, 'abc123'],
  ])('labels %j as %s', (input, expected) => {
    // Act
    const label = chainNodeLabel(input);

    // Assess
    expect(label).toBe(expected);
  });

  it.each([
    [{ monitored: false, alarms: [], status: 'RUNNING' }, 'NOT MONITORED'],
    [{ monitored: true, alarms: [{ name: 'Input Loss', state: 'SET' }], health: 'HEALTHY' }, 'ALARM'],
    [{ monitored: true, alarms: [], health: 'DEGRADED', status: 'RUNNING' }, 'DEGRADED'],
    [{ monitored: true, alarms: [], status: 'RUNNING' }, 'RUNNING'],
    [{ monitored: true, alarms: [] }, 'NO ALARM'],
  ])('shows %j as %s', (input, expected) => {
    // Act
    const status = chainNodeStatus(input);

    // Assess
    expect(status).toBe(expected);
  });
});
