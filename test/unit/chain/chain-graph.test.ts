import { downstreamImpacts, readChain, rootIsKnown } from '../../../lambdas/chain/chain-graph';
import { alertSk, healthSk } from '../../../lambdas/events/ingest-store';
import { metricsSk, resourcePk } from '../../../lambdas/store/keys';
import {
  alarm,
  CHANNEL,
  ChainTestStore,
  DASH_ENDPOINT,
  FLOW,
  fullChain,
  HLS_ENDPOINT,
  INPUT,
  link,
  meta,
  PACKAGE_CHANNEL,
  REGION,
  VERSION,
} from './chain-fixtures';

const NOW = VERSION + 60_000;

describe('readChain', () => {
  it('walks a flow’s chain downstream to the origin endpoints, one Query per node', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const graph = await readChain(store, FLOW, { direction: 'downstream' });

    // Assess
    expect(graph.root).toBe(FLOW);
    expect(graph.nodes.map((n) => [n.name, n.type, n.depth])).toEqual([
      ['NewsFeed', 'mediaconnect:flow', 0],
      ['news-input', 'medialive:input', 1],
      ['News-HD', 'medialive:channel', 2],
      ['news-hd-origin', 'mediapackage:channel', 3],
      ['news-hls', 'mediapackage:origin-endpoint', 4],
      ['news-dash', 'mediapackage:origin-endpoint', 4],
    ]);
    expect(graph.nodes[0]).toMatchObject({ service: 'mediaconnect', status: 'ACTIVE', monitored: true, alarms: [] });
    expect(graph.edges).toEqual([
      {
        from: FLOW,
        to: INPUT,
        types: ['flow-output'],
        evidence: [{ field: 'outputs[].mediaLiveInputArn', value: INPUT }],
      },
      expect.objectContaining({ from: INPUT, to: CHANNEL, types: ['input-attachment'] }),
      expect.objectContaining({ from: CHANNEL, to: PACKAGE_CHANNEL, types: ['package-ingest'] }),
      expect.objectContaining({ from: PACKAGE_CHANNEL, to: HLS_ENDPOINT, types: ['origin-endpoint'] }),
      expect.objectContaining({ from: PACKAGE_CHANNEL, to: DASH_ENDPOINT, types: ['origin-endpoint'] }),
    ]);
    expect(graph.truncated).toBe(false);
    expect(graph.reads).toBe(6);
    expect(store.queries).toHaveLength(6);
  });

  it('reads each node with one Query over #META to its last link, leaving metrics and children out of the range', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain(), {
      pk: resourcePk(FLOW),
      sk: metricsSk('FLOW', FLOW),
      series: 'x'.repeat(1000),
    });

    // Act
    await readChain(store, FLOW, { direction: 'downstream', maxDepth: 0 });

    // Assess
    expect(store.queries).toEqual([{ pk: resourcePk(FLOW), skFrom: '#META', skTo: 'LINK#\uffff' }]);
  });

  it('walks upstream from an endpoint with negative depths, to the flow', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const graph = await readChain(store, HLS_ENDPOINT, { direction: 'upstream' });

    // Assess
    expect(graph.nodes.map((n) => [n.arn, n.depth])).toEqual([
      [HLS_ENDPOINT, 0],
      [PACKAGE_CHANNEL, -1],
      [CHANNEL, -2],
      [INPUT, -3],
      [FLOW, -4],
    ]);
    expect(graph.edges.map((e) => [e.from, e.to])).toContainEqual([PACKAGE_CHANNEL, HLS_ENDPOINT]);
    expect(graph.nodes.some((n) => n.arn === DASH_ENDPOINT)).toBe(false);
  });

  it('walks both ways from a channel, but never sideways into what merely shares a node', async () => {
    // Prepare
    const otherInput = `arn:aws:medialive:${REGION}:111122223333:input:999`;
    const otherChannel = `arn:aws:medialive:${REGION}:111122223333:channel:888`;
    const store = new ChainTestStore().seed(
      ...fullChain(),
      meta(otherChannel, 'medialive:channel', 'Backup-HD'),
      ...link(INPUT, otherChannel, 'input-attachment'),
      ...link(otherInput, CHANNEL, 'input-attachment'),
    );

    // Act
    const graph = await readChain(store, CHANNEL);

    // Assess
    const depths = Object.fromEntries(graph.nodes.map((n) => [n.arn, n.depth]));
    expect(depths).toEqual({
      [CHANNEL]: 0,
      [PACKAGE_CHANNEL]: 1,
      [INPUT]: -1,
      [otherInput]: -1,
      [DASH_ENDPOINT]: 2,
      [HLS_ENDPOINT]: 2,
      [FLOW]: -2,
    });
    expect(depths[otherChannel]).toBeUndefined();
  });

  it('shows active alarms and SET alerts on each node, not cleared ones', async () => {
    // Prepare
    const store = new ChainTestStore().seed(
      ...fullChain(),
      alarm(FLOW, 'NewsFeed-source-lost', 'ALARM'),
      alarm(FLOW, 'NewsFeed-bitrate-low', 'OK'),
      { ...alarm(FLOW, 'NewsFeed-old', 'ALARM'), tombstone: true },
      {
        pk: resourcePk(CHANNEL),
        sk: alertSk('a-1'),
        type: 'medialive:alert',
        alarmId: 'a-1',
        alertType: 'Input Loss',
        state: 'SET',
        setAt: '2026-12-01T09:59:00.000Z',
      },
      { pk: resourcePk(CHANNEL), sk: alertSk('a-0'), type: 'medialive:alert', alarmId: 'a-0', state: 'CLEARED' },
    );

    // Act
    const graph = await readChain(store, FLOW);

    // Assess
    const alarms = Object.fromEntries(graph.nodes.map((n) => [n.name, n.alarms]));
    expect(alarms.NewsFeed).toEqual([
      { name: 'NewsFeed-source-lost', state: 'ALARM', since: '2026-12-01T09:58:00.000Z' },
    ]);
    expect(alarms['News-HD']).toEqual([{ name: 'Input Loss', state: 'SET', since: '2026-12-01T09:59:00.000Z' }]);
    expect(alarms['news-hls']).toEqual([]);
  });

  it('takes health from the #META summary, else from live HEALTH# items, ignoring expired ones', async () => {
    // Prepare
    const healthItem = (arn: string, unhealthy: boolean, expiresAt: number) => ({
      pk: resourcePk(FLOW),
      sk: healthSk(arn, 'connectivity'),
      type: 'mediaconnect:health',
      health: { sourceState: unhealthy ? 'DISCONNECTED' : 'CONNECTED', unhealthy },
      expiresAt,
    });
    const store = new ChainTestStore().seed(
      ...fullChain(),
      meta(CHANNEL, 'medialive:channel', 'News-HD', { status: 'RUNNING', health: { state: 'DEGRADED' } }),
      meta(PACKAGE_CHANNEL, 'mediapackage:channel', 'news-hd-origin', { health: 'HEALTHY' }),
      healthItem(FLOW, false, NOW / 1000 + 3600),
      healthItem(`${FLOW}-source`, true, NOW / 1000 + 3600),
      healthItem(`${FLOW}-output`, true, NOW / 1000 - 1),
    );

    // Act
    const current = await readChain(store, FLOW, { nowMs: NOW });
    const later = await readChain(store, FLOW, { nowMs: NOW + 2 * 3600_000 });

    // Assess
    const health = Object.fromEntries(current.nodes.map((n) => [n.name, n.health]));
    expect(health).toMatchObject({
      NewsFeed: 'UNHEALTHY',
      'News-HD': 'DEGRADED',
      'news-hd-origin': 'HEALTHY',
      'news-input': undefined,
    });
    expect(later.nodes[0]?.health).toBeUndefined();
  });

  it('skips tombstoned links and marks a node with no live #META as not monitored', async () => {
    // Prepare
    const [down, up] = link(CHANNEL, PACKAGE_CHANNEL, 'package-ingest');
    const store = new ChainTestStore().seed(
      ...fullChain(),
      { ...down!, tombstone: true },
      { ...up!, tombstone: true },
      ...link(FLOW, `${INPUT}0`, 'flow-output'),
      { ...meta(INPUT, 'medialive:input', 'news-input'), tombstone: true },
    );

    // Act
    const graph = await readChain(store, FLOW);

    // Assess
    expect(graph.nodes.map((n) => [n.arn, n.monitored])).toEqual([
      [FLOW, true],
      [INPUT, false],
      [`${INPUT}0`, false],
      [CHANNEL, true],
    ]);
    expect(graph.nodes.find((n) => n.arn === `${INPUT}0`)).not.toHaveProperty('type');
    expect(graph.edges.some((e) => e.to === PACKAGE_CHANNEL)).toBe(false);
  });

  it('merges the links of one pair into one edge with every type and evidence, ambiguous when any link is', async () => {
    // Prepare
    const store = new ChainTestStore().seed(
      ...fullChain(),
      ...link(CHANNEL, PACKAGE_CHANNEL, 'origin-endpoint', {
        evidence: { field: 'destinations[].urls', value: 'https://mp.example/in/v2/abc' },
        ambiguous: true,
      }),
    );

    // Act
    const graph = await readChain(store, CHANNEL, { direction: 'downstream', maxDepth: 1 });

    // Assess
    expect(graph.edges).toEqual([
      {
        from: CHANNEL,
        to: PACKAGE_CHANNEL,
        types: ['origin-endpoint', 'package-ingest'],
        evidence: [
          { field: 'destinations[].urls', value: 'https://mp.example/in/v2/abc' },
          { field: 'outputs[].mediaLiveInputArn', value: PACKAGE_CHANNEL },
        ],
        ambiguous: true,
      },
    ]);
  });

  it('marks a node in another account or Region as remote, and an unknown one by its link', async () => {
    // Prepare
    const remoteChannel = 'arn:aws:medialive:us-east-1:444455556666:channel:42';
    const motoInput = 'arn:aws:medialive:input:abc123';
    const store = new ChainTestStore().seed(
      meta(FLOW, 'mediaconnect:flow', 'NewsFeed'),
      ...link(FLOW, remoteChannel, 'flow-output', { remote: { account: '444455556666', region: 'us-east-1' } }),
      ...link(FLOW, motoInput, 'flow-output', { remote: { region: 'ap-south-1' } }),
    );

    // Act
    const graph = await readChain(store, FLOW);

    // Assess
    const byArn = Object.fromEntries(graph.nodes.map((n) => [n.arn, n]));
    expect(byArn[remoteChannel]).toMatchObject({ remote: { account: '444455556666', region: 'us-east-1' } });
    expect(byArn[motoInput]).toMatchObject({ remote: { region: 'ap-south-1' }, monitored: false });
    expect(byArn[FLOW]).not.toHaveProperty('remote');
    expect(graph.edges.every((e) => e.remote === true)).toBe(true);
  });

  it('stops at the depth bound and says the walk was cut', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const graph = await readChain(store, FLOW, { maxDepth: 2 });
    const whole = await readChain(store, FLOW, { maxDepth: 4 });

    // Assess
    expect(graph.nodes.map((n) => n.arn)).toEqual([FLOW, INPUT, CHANNEL]);
    expect(graph.edges.map((e) => e.to)).toEqual([INPUT, CHANNEL]);
    expect(graph.truncated).toBe(true);
    expect(whole.truncated).toBe(false);
  });

  it('stops at the node bound, keeping only edges between nodes it holds', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const graph = await readChain(store, FLOW, { maxNodes: 5 });

    // Assess
    expect(graph.nodes).toHaveLength(5);
    expect(graph.truncated).toBe(true);
    const held = new Set(graph.nodes.map((n) => n.arn));
    expect(graph.edges.every((e) => held.has(e.from) && held.has(e.to))).toBe(true);
  });

  it('clamps the bounds to depth 10 and 500 nodes', async () => {
    // Prepare: a line of 12 hops.
    const arns = Array.from({ length: 13 }, (_, i) => `arn:aws:medialive:${REGION}:111122223333:input:${i}`);
    const store = new ChainTestStore().seed(...arns.slice(1).flatMap((to, i) => link(arns[i]!, to, 'flow-input')));

    // Act
    const graph = await readChain(store, arns[0]!, { maxDepth: 50, maxNodes: 10_000 });

    // Assess
    expect(Math.max(...graph.nodes.map((n) => n.depth))).toBe(10);
    expect(graph.truncated).toBe(true);
  });

  it('follows LastEvaluatedKey through a large partition and counts every page', async () => {
    // Prepare
    const store = new ChainTestStore(2).seed(...fullChain(), alarm(FLOW, 'a', 'ALARM'), alarm(FLOW, 'b', 'ALARM'));

    // Act
    const graph = await readChain(store, FLOW, { maxDepth: 1 });

    // Assess: the flow's 4 items (#META, 2 alarms, 1 link) take 2 pages, the input's 3 items 2 pages.
    expect(graph.nodes[0]?.alarms).toHaveLength(2);
    expect(graph.nodes.map((n) => n.arn)).toEqual([FLOW, INPUT]);
    expect(graph.reads).toBe(4);
  });

  it('ends on a loop of links instead of walking it forever', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...link(FLOW, INPUT, 'flow-output'), ...link(INPUT, FLOW, 'flow-output'));

    // Act
    const graph = await readChain(store, FLOW);

    // Assess
    expect(graph.nodes.map((n) => n.arn)).toEqual([FLOW, INPUT]);
    expect(graph.edges.map((e) => [e.from, e.to])).toEqual([
      [FLOW, INPUT],
      [INPUT, FLOW],
    ]);
  });

  it('knows a root with a #META or links, and not an ARN with neither', async () => {
    // Prepare
    const store = new ChainTestStore().seed(
      ...link(FLOW, INPUT, 'flow-output'),
      meta(CHANNEL, 'medialive:channel', 'C'),
    );

    // Act
    const [unmonitored, lone, unknown] = await Promise.all([
      readChain(store, INPUT),
      readChain(store, CHANNEL),
      readChain(store, PACKAGE_CHANNEL),
    ]);

    // Assess
    expect(rootIsKnown(unmonitored)).toBe(true);
    expect(rootIsKnown(lone)).toBe(true);
    expect(rootIsKnown(unknown)).toBe(false);
  });
});

describe('downstreamImpacts', () => {
  it('lists what a flow feeds, nearest first, without the flow itself', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain(), ...link(`${FLOW}-up`, FLOW, 'flow-output'));

    // Act
    const result = await downstreamImpacts(store, FLOW);

    // Assess
    expect(result.impacts).toEqual([
      { arn: INPUT, type: 'medialive:input', name: 'news-input', depth: 1 },
      { arn: CHANNEL, type: 'medialive:channel', name: 'News-HD', depth: 2 },
      { arn: PACKAGE_CHANNEL, type: 'mediapackage:channel', name: 'news-hd-origin', depth: 3 },
      { arn: HLS_ENDPOINT, type: 'mediapackage:origin-endpoint', name: 'news-hls', depth: 4 },
      { arn: DASH_ENDPOINT, type: 'mediapackage:origin-endpoint', name: 'news-dash', depth: 4 },
    ]);
    expect(result.truncated).toBe(false);
    expect(result.reads).toBe(6);
  });

  it('stops at the impact bound and says so', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const result = await downstreamImpacts(store, FLOW, { maxImpacts: 3 });

    // Assess
    expect(result.impacts.map((i) => i.arn)).toEqual([INPUT, CHANNEL, PACKAGE_CHANNEL]);
    expect(result.truncated).toBe(true);
  });

  it('is empty for a resource that feeds nothing', async () => {
    // Prepare
    const store = new ChainTestStore().seed(...fullChain());

    // Act
    const result = await downstreamImpacts(store, HLS_ENDPOINT);

    // Assess
    expect(result).toEqual({ impacts: [], truncated: false, reads: 1 });
    expect(store.queries[0]).toMatchObject({ pk: resourcePk(HLS_ENDPOINT) });
  });
});
