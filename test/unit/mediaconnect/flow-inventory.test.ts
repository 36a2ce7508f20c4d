import { networkKey } from '../../../lambdas/chain/link-keys';
import { LINK_INDEX_ITEM_TYPE } from '../../../lambdas/chain/link-model';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import 'aws-sdk-client-mock-jest';
import type { FlowRecord, OutputRecord, SourceRecord } from '../../../lambdas/mediaconnect/flow-model';
import { refreshFlow } from './flow-refresher';
import type { InventoryDeps as EngineInventoryDeps } from '../../../lambdas/polling/inventory-deps';
import {
  FlowCycleOutcome as InventoryCycleOutcome,
  pollMediaConnectInventory,
} from '../../../lambdas/mediaconnect/flow-cycle';
import { AccountMismatchError, pickSweep } from '../../../lambdas/polling/inventory-cycle';
import { ThrottledError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import {
  childSk,
  linkIndexPk,
  linkRefSk,
  listPk,
  META_SK,
  pollerPk,
  resourcePk,
  STATUS_SK,
} from '../../../lambdas/store/keys';
import { effectiveLastPolledAt, PollerStatus } from '../../../lambdas/store/poller-status';
import { estimateItemSize, ITEM_SIZE_LIMIT_BYTES } from '../../../lambdas/polling/item-size';
import {
  ACCOUNT,
  flowArn,
  ManualClock,
  outputArn,
  REGION,
  sdkEntitlement,
  sdkFlow,
  sdkOutput,
  sdkSource,
  sourceArn,
} from './flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import {
  DescribeFlowCommand,
  ListFlowsCommand,
  ListTagsForResourceCommand,
  MediaConnectWorld,
  mockMediaConnect,
  notFound,
  serverError,
  throttle,
} from './mediaconnect-world';

type InventoryDeps = EngineInventoryDeps<MediaConnectClient>;

const mediaConnectMock = mockMediaConnect();
const client = new MediaConnectClient({
  region: REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const options = { accountId: ACCOUNT, sweepPerCycle: 0 };

const meta = (store: InMemoryInventoryStore, name: string) =>
  store.item<FlowRecord & Record<string, unknown>>(resourcePk(flowArn(name)), META_SK);
const statusItem = (store: InMemoryInventoryStore) =>
  store.item<PollerStatus>(pollerPk('mediaconnect-inventory', ACCOUNT, REGION), STATUS_SK);
const inventoryWrites = (store: InMemoryInventoryStore) => store.writes.filter((w) => !w.pk.startsWith('POLLER#'));

describe('pollMediaConnectInventory', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let backoffs: number[];
  let world: MediaConnectWorld;
  let deps: InventoryDeps;

  beforeEach(() => {
    mediaConnectMock.reset();
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    backoffs = [];
    world = new MediaConnectWorld(mediaConnectMock)
      .add(sdkFlow('Alpha'), sdkFlow('Bravo'), sdkFlow('Charlie'))
      .install();
    deps = {
      client: client,
      store,
      clock,
      limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
      wait: async (ms) => {
        backoffs.push(ms);
        clock.advance(ms);
      },
      random: () => 0.5,
    };
  });

  /** Runs one cycle one minute after the previous one. */
  async function cycle(
    overrides: Partial<typeof options> & { describeConcurrency?: number } = {},
  ): Promise<InventoryCycleOutcome> {
    clock.advance(60_000);
    return pollMediaConnectInventory(deps, { ...options, ...overrides });
  }

  it('stores each flow with its sources, outputs and entitlements as separate items', async () => {
    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome.changes).toEqual({ created: 3, updated: 0, unchanged: 0, revived: 0, tombstoned: 0, failed: 0 });
    expect(meta(store, 'Alpha')).toMatchObject({
      type: 'mediaconnect:flow',
      arn: flowArn('Alpha'),
      name: 'Alpha',
      status: 'ACTIVE',
      availabilityZone: 'eu-west-1a',
      sourceType: 'OWNED',
      egressIp: '192.0.2.1',
      account: ACCOUNT,
      region: REGION,
      gsi1pk: listPk('mediaconnect:flow', ACCOUNT, REGION),
      gsi1sk: `Alpha#${flowArn('Alpha')}`,
      childCount: 3,
      lastPolledAt: outcome.startedAt,
    });
    expect(store.partition(resourcePk(flowArn('Alpha'))).map((i) => i.sk.split('#')[0])).toEqual([
      '',
      'ENTITLEMENT',
      'OUTPUT',
      'SOURCE',
    ]);
    expect(
      store.item<SourceRecord>(resourcePk(flowArn('Alpha')), childSk('SOURCE', sourceArn('Alpha', 'primary'))),
    ).toMatchObject({
      protocol: 'zixi-push',
      maxLatency: 2000,
      ingestIp: '203.0.113.10',
      ingestPort: 2088,
      whitelistCidr: '10.0.0.0/16',
      version: clock.now(),
    });
  });

  it('lists flows across three ListFlows pages by following NextToken', async () => {
    // Prepare
    const [alpha, bravo, charlie] = [...world.flows.values()].map((f) => ({
      FlowArn: f.FlowArn,
      Name: f.Name,
      Status: f.Status,
    }));
    const pages = [
      { Flows: [alpha], NextToken: 'page-2' },
      { Flows: [bravo], NextToken: 'page-3' },
      { Flows: [charlie] },
    ];
    // The paginator reuses one input object, so the requests are copied as they are made.
    const requests: Record<string, unknown>[] = [];
    mediaConnectMock.on(ListFlowsCommand).callsFake(async (input: Record<string, unknown>) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });

    // Act
    const outcome = await cycle();

    // Assess
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListFlowsCommand, 3);
    expect(requests).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 'page-2' },
      { MaxResults: 1000, NextToken: 'page-3' },
    ]);
    expect(outcome).toMatchObject({ listing: 'complete', flowsListed: 3, calls: { ListFlows: 3, DescribeFlow: 3 } });
    expect(['Alpha', 'Bravo', 'Charlie'].map((n) => meta(store, n)?.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
  });

  it('slows down on TooManyRequestsException from ListFlows and DescribeFlow but completes the cycle', async () => {
    // Prepare
    const flows = [...world.flows.values()].map((f) => ({ FlowArn: f.FlowArn, Name: f.Name }));
    const answers = [{ Flows: flows.slice(0, 2), NextToken: 'page-2' }, throttle(), { Flows: flows.slice(2) }];
    const tokens: unknown[] = [];
    mediaConnectMock.on(ListFlowsCommand).callsFake(async (input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      const answer = answers[tokens.length - 1];
      if (answer instanceof Error) throw answer;
      return answer;
    });
    mediaConnectMock
      .on(DescribeFlowCommand, { FlowArn: flowArn('Bravo') })
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .callsFake(async () => world.describe(flowArn('Bravo')));

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({
      listing: 'complete',
      flowsListed: 3,
      throttles: 3,
      calls: { ListFlows: 3, DescribeFlow: 5 },
    });
    expect(outcome.changes).toMatchObject({ created: 3, failed: 0 });
    // The throttled page is asked again with its own token, not from the start.
    expect(tokens).toEqual([undefined, 'page-2', 'page-2']);
    // Full-jitter exponential backoff (random 0.5): 125 ms, then 125 and 250 ms for the flow.
    expect(backoffs.sort((a, b) => a - b)).toEqual([125, 125, 250]);
    expect(meta(store, 'Bravo')?.status).toBe('ACTIVE');
  });

  it('fails only the flow whose throttling outlasts the retries and leaves it as stored', async () => {
    // Prepare
    await cycle();
    const before = structuredClone(store.partition(resourcePk(flowArn('Bravo'))));
    world.add(sdkFlow('Bravo', { Status: 'STANDBY' }));
    mediaConnectMock.on(DescribeFlowCommand, { FlowArn: flowArn('Bravo') }).rejects(throttle());

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome.changes).toMatchObject({ failed: 1, unchanged: 2 });
    expect(outcome.failedFlows).toEqual([
      { arn: flowArn('Bravo'), error: expect.stringContaining(new ThrottledError('x').name) },
    ]);
    expect(outcome.throttles).toBe(5);
    expect(Math.max(...backoffs)).toBeLessThanOrEqual(8_000);
    expect(store.partition(resourcePk(flowArn('Bravo')))).toEqual(before);
  });

  it('tombstones a flow deleted between ListFlows and DescribeFlow and goes on with the others', async () => {
    // Prepare
    await cycle();
    world.add(sdkFlow('Alpha', { Status: 'STANDBY' }));
    mediaConnectMock.on(DescribeFlowCommand, { FlowArn: flowArn('Bravo') }).rejects(notFound(flowArn('Bravo')));

    // Act
    const outcome = await cycle();

    // Assess
    const expiresAt = Math.floor(clock.now() / 1000) + 168 * 3600;
    expect(outcome.changes).toMatchObject({ tombstoned: 1, updated: 1, unchanged: 1, failed: 0 });
    expect(meta(store, 'Bravo')).toMatchObject({
      status: 'DELETED',
      tombstone: true,
      deletedAt: new Date(clock.now()).toISOString(),
      expiresAt,
    });
    expect(meta(store, 'Bravo')?.gsi1pk).toBe(listPk('mediaconnect:flow', ACCOUNT, REGION));
    const children = store.partition(resourcePk(flowArn('Bravo'))).filter((i) => i.sk !== META_SK);
    expect(children).toHaveLength(3);
    expect(children.every((c) => c.expiresAt === expiresAt)).toBe(true);
    expect(meta(store, 'Alpha')?.status).toBe('STANDBY');
  });

  it('tombstones and deletes nothing when a ListFlows page fails', async () => {
    // Prepare
    await cycle();
    const before = structuredClone([...store.items.entries()].filter(([k]) => !k.startsWith('POLLER#')));
    store.resetCounters();
    mediaConnectMock.resetHistory(); // sinon counts "once" answers from the first call ever made
    mediaConnectMock
      .on(ListFlowsCommand)
      .resolvesOnce({ Flows: [{ FlowArn: flowArn('Alpha'), Name: 'Alpha' }], NextToken: 'page-2' })
      .rejects(serverError());

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({
      listing: 'incomplete',
      flowsListed: 1,
      errors: [expect.stringContaining('ListFlows: InternalServerErrorException')],
    });
    expect(outcome.changes).toMatchObject({ tombstoned: 0, unchanged: 1 });
    expect(store.stats.deletes).toBe(0);
    expect(inventoryWrites(store)).toEqual([]);
    expect([...store.items.entries()].filter(([k]) => !k.startsWith('POLLER#'))).toEqual(before);
    // Flows the listing did not reach keep their last successful poll time.
    expect(statusItem(store)?.failedResources).toEqual({
      [flowArn('Bravo')]: expect.any(String),
      [flowArn('Charlie')]: expect.any(String),
    });
  });

  it('tombstones a flow that a complete listing no longer has and revives it when it reappears', async () => {
    // Prepare
    await cycle();
    const charlie = world.flows.get(flowArn('Charlie'))!;
    world.flows.delete(flowArn('Charlie'));

    // Act
    const gone = await cycle();
    world.add(charlie);
    const back = await cycle();

    // Assess
    expect(gone.changes).toMatchObject({ tombstoned: 1, unchanged: 2 });
    expect(back.changes).toMatchObject({ revived: 1, unchanged: 2 });
    const revived = meta(store, 'Charlie')!;
    expect(revived).toMatchObject({ status: 'ACTIVE', name: 'Charlie' });
    expect(revived).not.toHaveProperty('tombstone');
    expect(revived).not.toHaveProperty('expiresAt');
    expect(revived).not.toHaveProperty('deletedAt');
    expect(store.partition(resourcePk(flowArn('Charlie'))).filter((i) => i.expiresAt !== undefined)).toEqual([]);
  });

  it('keeps a tombstone as it is while the flow stays absent', async () => {
    // Prepare
    await cycle();
    world.flows.delete(flowArn('Charlie'));
    await cycle();
    store.resetCounters();

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome.changes.tombstoned).toBe(0);
    expect(inventoryWrites(store)).toEqual([]);
  });

  it('writes zero inventory items in a steady-state cycle', async () => {
    // Prepare
    await cycle();
    store.resetCounters();
    mediaConnectMock.resetHistory();

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({
      inventoryWrites: 0,
      statusWrites: 1,
      changes: { unchanged: 3, created: 0, updated: 0 },
    });
    expect(store.writes).toEqual([
      { op: 'put', pk: pollerPk('mediaconnect-inventory', ACCOUNT, REGION), sk: STATUS_SK },
    ]);
    expect(store.stats).toMatchObject({ updates: 0, deletes: 0, puts: 1 });
    // One GSI1 listing query, no partition reads, no tags.
    expect(store.stats.queries).toBe(1);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 0);
  });

  it('claims the flow, writes only the changed output, tombstones the removed one, moves its link reference, and commits the flow item', async () => {
    // Prepare
    world.add(sdkFlow('Alpha', { Outputs: [sdkOutput('Alpha', 'out-1'), sdkOutput('Alpha', 'out-2')] }));
    await cycle();
    store.resetCounters();
    world.add(sdkFlow('Alpha', { Outputs: [sdkOutput('Alpha', 'out-1', { Port: 6000 })] }));

    // Act
    const outcome = await cycle();

    // Assess
    const pk = resourcePk(flowArn('Alpha'));
    expect(outcome).toMatchObject({ inventoryWrites: 6, changes: { updated: 1, unchanged: 2 } });
    // The output's destination port changed: its link index reference moves from one network key to the other.
    const refSk = linkRefSk(flowArn('Alpha'), 'flow-output');
    expect(inventoryWrites(store)).toEqual([
      { op: 'claim', pk, sk: META_SK },
      { op: 'put', pk, sk: childSk('OUTPUT', outputArn('Alpha', 'out-1')) },
      { op: 'tombstone', pk, sk: childSk('OUTPUT', outputArn('Alpha', 'out-2')) },
      { op: 'tombstone', pk: linkIndexPk(networkKey('198.51.100.7', 5000) as string), sk: refSk },
      { op: 'put', pk: linkIndexPk(networkKey('198.51.100.7', 6000) as string), sk: refSk },
      { op: 'commit', pk, sk: META_SK },
    ]);
    expect(store.item<OutputRecord>(pk, childSk('OUTPUT', outputArn('Alpha', 'out-1')))?.port).toBe(6000);
    expect(store.item(pk, childSk('OUTPUT', outputArn('Alpha', 'out-2')))).toEqual({
      pk,
      sk: childSk('OUTPUT', outputArn('Alpha', 'out-2')),
      version: clock.now(),
      observedAt: new Date(clock.now()).toISOString(),
      tombstone: true,
      expiresAt: Math.floor(clock.now() / 1000) + 3600,
    });
    expect(meta(store, 'Alpha')?.childCount).toBe(3);
  });

  it('keeps an output that a refresh removed while the cycle waited on the tags removed, and heals the tree', async () => {
    // Prepare: Alpha has out-1 and out-2; the cycle sees out-1 disabled, then waits on ListTagsForResource.
    const alpha = (...outputs: ReturnType<typeof sdkOutput>[]) => sdkFlow('Alpha', { Outputs: outputs });
    world.add(alpha(sdkOutput('Alpha', 'out-1'), sdkOutput('Alpha', 'out-2')));
    await cycle();
    world.add(alpha(sdkOutput('Alpha', 'out-1', { OutputStatus: 'DISABLED' }), sdkOutput('Alpha', 'out-2')));
    let releaseTags!: () => void;
    const tagsReleased = new Promise<void>((resolve) => (releaseTags = resolve));
    let cycleWaits!: () => void;
    const cycleWaiting = new Promise<void>((resolve) => (cycleWaits = resolve));
    let firstTagRead = true;
    mediaConnectMock.on(ListTagsForResourceCommand).callsFake(async () => {
      if (firstTagRead) {
        firstTagRead = false;
        cycleWaits();
        await tagsReleased;
      }
      return { Tags: {}, $metadata: {} };
    });

    // Act: meanwhile out-1 is enabled again, out-2 is removed, and an event re-polls the flow.
    const slowCycle = cycle();
    await cycleWaiting;
    world.add(alpha(sdkOutput('Alpha', 'out-1')));
    clock.advance(1_000);
    await refreshFlow(deps, flowArn('Alpha'));
    releaseTags();
    await slowCycle;
    await cycle();
    const settled = await cycle();

    // Assess
    const outputs = store
      .partition(resourcePk(flowArn('Alpha')))
      .filter((i) => i.sk.startsWith('OUTPUT#') && i.tombstone !== true)
      .map((i) => ({ arn: i.arn, status: i.status }));
    expect(outputs).toEqual([{ arn: outputArn('Alpha', 'out-1'), status: 'ENABLED' }]);
    expect(settled.changes).toMatchObject({ unchanged: 3, updated: 0 });
  });

  it('keeps the polling settings and health that others stored on the flow', async () => {
    // Prepare
    await cycle();
    const key = { pk: resourcePk(flowArn('Alpha')), sk: META_SK };
    store.seed({
      ...store.item(key.pk, key.sk)!,
      polling: { enabled: false, intervalSeconds: 300 },
      health: { unhealthy: true },
    });
    world.add(sdkFlow('Alpha', { Status: 'STANDBY', Description: undefined }));

    // Act
    await cycle();

    // Assess
    const stored = meta(store, 'Alpha')!;
    expect(stored).toMatchObject({
      status: 'STANDBY',
      polling: { enabled: false, intervalSeconds: 300 },
      health: { unhealthy: true },
    });
    expect(stored).not.toHaveProperty('description');
  });

  it('rewrites a flow whose stored status someone else changed, even though its tree did not change', async () => {
    // Prepare
    await cycle();
    const key = { pk: resourcePk(flowArn('Alpha')), sk: META_SK };
    await store.updateIfNewer(key, clock.now() + 1, { status: 'STOPPING' });

    // Act
    clock.advance(1_000);
    const outcome = await cycle();

    // Assess
    expect(outcome.changes.updated).toBe(1);
    expect(meta(store, 'Alpha')?.status).toBe('ACTIVE');
  });

  it('reads tags for new and changed flows only, and sweeps one unchanged flow per cycle', async () => {
    // Prepare
    world.tags.set(flowArn('Alpha'), { team: 'news' });
    await cycle({ sweepPerCycle: 1 });
    const firstTags = mediaConnectMock.commandCalls(ListTagsForResourceCommand).length;
    mediaConnectMock.resetHistory();
    world.tags.set(flowArn('Bravo'), { team: 'sport' });

    // Act
    const outcome = await cycle({ sweepPerCycle: 1 });

    // Assess
    expect(firstTags).toBe(3);
    expect(meta(store, 'Alpha')?.tags).toEqual({ team: 'news' });
    // The sweep moves on from the first ARN in order (Alpha) to the next (Bravo) and finds its new tag.
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 1);
    expect(mediaConnectMock).toHaveReceivedCommandWith(ListTagsForResourceCommand, { ResourceArn: flowArn('Bravo') });
    expect(outcome.changes).toMatchObject({ updated: 1, unchanged: 2 });
    expect(meta(store, 'Bravo')?.tags).toEqual({ team: 'sport' });
  });

  it('records a failed DescribeFlow against that flow, leaves it as stored and carries its last poll time', async () => {
    // Prepare
    const first = await cycle();
    const before = structuredClone(store.partition(resourcePk(flowArn('Alpha'))));
    mediaConnectMock.on(DescribeFlowCommand, { FlowArn: flowArn('Alpha') }).rejects(serverError());

    // Act
    const second = await cycle();
    const third = await cycle();

    // Assess
    expect(second.changes).toMatchObject({ failed: 1, unchanged: 2 });
    expect(second.failedFlows).toEqual([
      { arn: flowArn('Alpha'), error: expect.stringContaining('InternalServerErrorException') },
    ]);
    expect(store.partition(resourcePk(flowArn('Alpha')))).toEqual(before);
    expect(statusItem(store)).toMatchObject({
      lastPolledAt: third.startedAt,
      failedResources: { [flowArn('Alpha')]: first.startedAt },
    });
  });

  it('records the outcome in the poller status item, counting calls by operation', async () => {
    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({
      calls: { ListFlows: 1, DescribeFlow: 3, ListTagsForResource: 3 },
      throttles: 0,
      account: ACCOUNT,
      region: REGION,
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(statusItem(store)).toMatchObject({
      type: 'poller',
      poller: 'mediaconnect-inventory',
      gsi1pk: 'POLLERS',
      gsi1sk: `mediaconnect-inventory#${ACCOUNT}#${REGION}`,
      lastCycle: outcome,
      lastPolledAt: outcome.startedAt,
      failedResources: {},
    });
  });

  it('uses the configured account for the status item when there are no flows', async () => {
    // Prepare
    world.flows.clear();

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({ account: ACCOUNT, flowsListed: 0, inventoryWrites: 0 });
    expect(statusItem(store)?.lastCycle).toEqual({ ...outcome, failedResourceCount: 0 });
  });

  it('refuses flows of another account than ACCOUNT_ID', async () => {
    // Act
    const run = pollMediaConnectInventory(deps, { accountId: '999999999999' });

    // Assess
    await expect(run).rejects.toBeInstanceOf(AccountMismatchError);
  });

  it('honours the rate limiter for every MediaConnect call', async () => {
    // Prepare: 5 requests/s with a burst of 2.
    const waits: number[] = [];
    deps = {
      ...deps,
      limiter: new TokenBucket(5, 2, clock, async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      }),
    };

    // Act
    const outcome = await pollMediaConnectInventory(deps, { accountId: ACCOUNT, sweepPerCycle: 0 });

    // Assess: 1 ListFlows + 3 DescribeFlow + 3 ListTagsForResource = 7 calls, 2 from the burst, 5 after 200 ms each.
    expect(outcome.calls).toEqual({ ListFlows: 1, DescribeFlow: 3, ListTagsForResource: 3 });
    expect(waits).toEqual([200, 200, 200, 200, 200]);
    expect(outcome.durationMs).toBe(1_000);
  });

  it('stores no secret values, whatever field of the answer they come in', async () => {
    // Prepare
    const secret = 'hunter2-very-secret';
    const leaky = sdkFlow('Alpha', {
      Source: sdkSource('Alpha', 'primary', {
        Decryption: {
          RoleArn: 'arn:aws:iam::111122223333:role/mc',
          SecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:k',
          KeyType: 'static-key',
          Key: secret,
        } as never,
        Transport: { Protocol: 'srt-listener', Passphrase: secret } as never,
        Password: secret,
      } as never),
      Outputs: [
        sdkOutput('Alpha', 'out-1', {
          Encryption: {
            RoleArn: 'arn:aws:iam::111122223333:role/mc',
            Algorithm: 'aes256',
            StaticKeyValue: secret,
          } as never,
        }),
      ],
      Entitlements: [],
    });
    world.add({ ...leaky, Sources: [leaky.Source!] });

    // Act
    await cycle();

    // Assess
    expect(JSON.stringify([...store.items.values()])).not.toContain(secret);
    // A link index entry's `key` is its link key (a network endpoint), not a secret.
    const stored = JSON.stringify([...store.items.values()].filter((i) => i.type !== LINK_INDEX_ITEM_TYPE));
    expect(stored).not.toMatch(/"(password|passphrase|key|staticKeyValue)"/i);
    expect(
      store.item<SourceRecord>(resourcePk(flowArn('Alpha')), childSk('SOURCE', sourceArn('Alpha', 'primary')))
        ?.decryption,
    ).toEqual({
      roleArn: 'arn:aws:iam::111122223333:role/mc',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:k',
      keyType: 'static-key',
    });
  });

  it('redacts secret values inside free-text fields such as descriptions', async () => {
    // Prepare
    const bearer = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl';
    const flow = sdkFlow('Alpha', {
      Description: `rotate: Authorization: Bearer ${bearer}`,
      Source: sdkSource('Alpha', 'primary', { Description: 'pull srt://ops:hunter2@10.0.0.1:5000' }),
    });
    world.add({ ...flow, Sources: [flow.Source!] });

    // Act
    await cycle();

    // Assess
    const stored = JSON.stringify([...store.items.values()]);
    expect(stored).not.toContain(bearer);
    expect(stored).not.toContain('hunter2');
    expect(meta(store, 'Alpha')?.description).toBe('rotate: Authorization: Bearer [redacted]');
  });

  it('stores a flow with 50 outputs and 50 entitlements as items far below the 400 KB limit', async () => {
    // Prepare
    const many = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    world.add(
      sdkFlow('Alpha', {
        Outputs: many('out').map((n) => sdkOutput('Alpha', n, { Description: 'x'.repeat(200) })),
        Entitlements: many('ent').map((n) =>
          sdkEntitlement('Alpha', n, { Subscribers: ['444455556666', '777788889999'], Description: 'y'.repeat(200) }),
        ),
      }),
    );

    // Act
    await cycle();

    // Assess
    const items = store.partition(resourcePk(flowArn('Alpha')));
    const sizes = items.map((item) => estimateItemSize(item));
    expect(items).toHaveLength(102);
    expect(meta(store, 'Alpha')?.childCount).toBe(101);
    expect(Math.max(...sizes)).toBeLessThan(4 * 1024);
    expect(items.some((i) => i.truncated)).toBe(false);
  });

  it('cuts oversized media streams to fit the item size limit and marks the flow truncated', async () => {
    // Prepare
    const mediaStreams = Array.from({ length: 3_000 }, (_, i) => ({
      MediaStreamId: i,
      MediaStreamName: `stream-${i}`,
      MediaStreamType: 'video',
      Description: 'z'.repeat(200),
    }));
    world.add(sdkFlow('Alpha', { MediaStreams: mediaStreams as never }));

    // Act
    const outcome = await cycle();

    // Assess
    const stored = meta(store, 'Alpha')!;
    expect(outcome.truncatedItems).toBe(1);
    expect(stored.truncated).toBe(true);
    expect(stored.mediaStreams!.length).toBeGreaterThan(0);
    expect(stored.mediaStreams!.length).toBeLessThan(3_000);
    expect(estimateItemSize(stored)).toBeLessThanOrEqual(ITEM_SIZE_LIMIT_BYTES);
    expect(stored.mediaStreams![0]).toMatchObject({ mediaStreamId: 0, mediaStreamName: 'stream-0' });
  });

  it('keeps a flow failed when its write fails, and the other flows are written', async () => {
    // Prepare
    store.failWritesFor = (key) => key.pk === resourcePk(flowArn('Charlie'));

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome.changes).toMatchObject({ created: 2, failed: 1 });
    expect(outcome.failedFlows[0]).toMatchObject({
      arn: flowArn('Charlie'),
      error: expect.stringContaining('InternalServerError'),
    });
    expect(statusItem(store)?.failedResources).toEqual({ [flowArn('Charlie')]: null });
  });
});

describe('pollMediaConnectInventory under a time budget', () => {
  const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliet'];
  const sortedArns = NAMES.map(flowArn).sort();
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let world: MediaConnectWorld;
  let deps: InventoryDeps;
  let described: string[];

  beforeEach(() => {
    mediaConnectMock.reset();
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    described = [];
    world = new MediaConnectWorld(mediaConnectMock).add(...NAMES.map((name) => sdkFlow(name))).install();
    // Each DescribeFlow takes one second.
    mediaConnectMock.on(DescribeFlowCommand).callsFake(async (input: { FlowArn: string }) => {
      described.push(input.FlowArn);
      clock.advance(1_000);
      return world.describe(input.FlowArn);
    });
    deps = { client: client, store, clock, limiter: new TokenBucket(1_000, 1_000, clock, async () => {}) };
  });

  /** One invocation, a minute after the previous one, with `seconds` to run and a one-second safety margin. */
  async function invocation(seconds: number): Promise<InventoryCycleOutcome> {
    clock.advance(60_000);
    return pollMediaConnectInventory(deps, {
      ...options,
      describeConcurrency: 1,
      deadlineMs: clock.now() + seconds * 1_000,
      safetyMarginMs: 1_000,
    });
  }

  it('stops starting DescribeFlow calls when its remaining time runs low and records what it did not reach', async () => {
    // Prepare
    await invocation(60);
    described.length = 0;

    // Act
    const outcome = await invocation(5.5);

    // Assess
    expect(described).toEqual(sortedArns.slice(0, 4));
    expect(outcome.pass).toEqual({
      startedAt: outcome.startedAt,
      complete: false,
      total: 10,
      remaining: 6,
      describedThisRun: 4,
      cursor: sortedArns[3],
    });
    expect(outcome.changes).toMatchObject({ created: 0, unchanged: 4, tombstoned: 0, failed: 0 });
    expect(statusItem(store)).toMatchObject({
      lastCycle: { pass: { complete: false, remaining: 6 } },
      pass: { startedAt: outcome.startedAt, complete: false, cursor: sortedArns[3] },
      failedResources: {},
    });
  });

  it('continues from the cursor, so a first cycle completes over several invocations without describing a flow twice', async () => {
    // Act
    const outcomes: InventoryCycleOutcome[] = [];
    do outcomes.push(await invocation(5.5));
    while (!outcomes[outcomes.length - 1]?.pass?.complete && outcomes.length < 10);

    // Assess
    expect(outcomes.map((o) => o.pass?.describedThisRun)).toEqual([4, 4, 2]);
    expect(described).toEqual(sortedArns);
    expect(outcomes.every((o) => Date.parse(o.finishedAt) <= Date.parse(o.startedAt) + 5_500)).toBe(true);
    expect(NAMES.every((name) => meta(store, name)?.status === 'ACTIVE')).toBe(true);
    expect(outcomes[2]?.pass).toMatchObject({ startedAt: outcomes[0]?.startedAt, complete: true, remaining: 0 });
    expect(statusItem(store)?.pass).toEqual({ startedAt: outcomes[0]?.startedAt, complete: true });
  });

  it('describes newly listed and status-changed flows first, then goes on from the cursor', async () => {
    // Prepare: a complete pass, then a pass that stops after four flows.
    await invocation(60);
    await invocation(5.5);
    world.add(sdkFlow('Zulu'));
    world.flows.set(flowArn('Juliet'), { ...sdkFlow('Juliet'), Status: 'ERROR' });
    described.length = 0;

    // Act
    const outcome = await invocation(5.5);

    // Assess
    expect(described).toEqual([
      ...[flowArn('Juliet'), flowArn('Zulu')].sort(),
      ...sortedArns
        .slice(4)
        .filter((arn) => arn !== flowArn('Juliet'))
        .slice(0, 2),
    ]);
    expect(meta(store, 'Juliet')?.status).toBe('ERROR');
    expect(meta(store, 'Zulu')).toBeDefined();
    expect(outcome.pass).toMatchObject({ complete: false, total: 11 });
  });

  it('tombstones a flow missing from a complete listing even while the describes are spread over invocations', async () => {
    // Prepare
    await invocation(60);
    await invocation(5.5);
    world.flows.delete(flowArn('Juliet'));

    // Act
    const outcome = await invocation(5.5);

    // Assess
    expect(outcome.changes.tombstoned).toBe(1);
    expect(meta(store, 'Juliet')?.tombstone).toBe(true);
  });

  it('keeps the last complete pass as the poll time of the flows the current pass has not reached yet', async () => {
    // Prepare
    const full = await invocation(60);

    // Act
    const partial = await invocation(5.5);
    const status = statusItem(store);

    // Assess
    const reached = { arn: sortedArns[0] as string, lastPolledAt: full.startedAt };
    const unreached = { arn: sortedArns[9] as string, lastPolledAt: full.startedAt };
    expect(effectiveLastPolledAt(reached, status)).toBe(partial.startedAt);
    expect(effectiveLastPolledAt(unreached, status)).toBe(full.startedAt);
  });

  it('describes nothing and still writes its status when the invocation starts with no time left', async () => {
    // Act
    const outcome = await invocation(0.5);

    // Assess
    expect(described).toEqual([]);
    expect(outcome.pass).toMatchObject({ complete: false, remaining: 10, describedThisRun: 0 });
    expect(statusItem(store)?.lastCycle).toMatchObject({ pass: { remaining: 10 } });
  });
});

describe('pickSweep', () => {
  it('walks the flows in ARN order from the cursor and wraps around', () => {
    // Act
    const first = pickSweep(['c', 'a', 'b'], undefined, 2);
    const second = pickSweep(['c', 'a', 'b'], first.cursor, 2);
    const none = pickSweep(['a'], 'a', 0);

    // Assess
    expect([...first.picked]).toEqual(['a', 'b']);
    expect([...second.picked]).toEqual(['c', 'a']);
    expect(none.picked.size).toBe(0);
  });
});
