/**
 * The MediaConnect inventory poller against moto_server (MediaConnect) and dynalite (the state table), over the wire.
 * Region: eu-west-1 (this file's own; moto partitions state by region).
 */
import {
  CreateFlowCommand,
  CreateFlowCommandInput,
  DeleteFlowCommand,
  MediaConnectClient,
  StartFlowCommand,
  TagResourceCommand,
} from '@aws-sdk/client-mediaconnect';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { refreshFlow } from '../../unit/mediaconnect/flow-refresher';
import type {
  EntitlementRecord,
  FlowRecord,
  OutputRecord,
  SourceRecord,
} from '../../../lambdas/mediaconnect/flow-model';
import type { InventoryDeps as EngineInventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { createMediaConnectClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { GSI1, listPk, META_SK, pollerPk, resourcePk, STATUS_SK } from '../../../lambdas/store/keys';
import { effectiveLastPolledAt, PollerStatus } from '../../../lambdas/store/poller-status';
import type { StateStore, StoreStats } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

type InventoryDeps = EngineInventoryDeps<MediaConnectClient>;

const REGION = 'eu-west-1';
const ROLE = `arn:aws:iam::${LOCAL_ACCOUNT}:role/MediaConnectSecrets`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${LOCAL_ACCOUNT}:secret:inventory-key`;

const flows: Record<string, CreateFlowCommandInput> = {
  InvNews: {
    Name: 'InvNews',
    AvailabilityZone: `${REGION}a`,
    Source: {
      Name: 'news-in',
      Protocol: 'zixi-push',
      IngestPort: 2088,
      MaxLatency: 2000,
      WhitelistCidr: '10.0.0.0/16',
      Decryption: { RoleArn: ROLE, SecretArn: SECRET, KeyType: 'static-key', Algorithm: 'aes128' },
    },
    Outputs: [
      {
        Name: 'news-zixi',
        Protocol: 'zixi-push',
        Destination: '198.51.100.7',
        Port: 2090,
        Encryption: { RoleArn: ROLE, SecretArn: SECRET, KeyType: 'static-key', Algorithm: 'aes256' },
      },
      { Name: 'news-rtp', Protocol: 'rtp', Destination: '198.51.100.8', Port: 5000 },
    ],
    Entitlements: [
      {
        Name: 'news-partner',
        Subscribers: ['444455556666'],
        DataTransferSubscriberFeePercent: 25,
        Description: 'partner feed',
      },
      {
        Name: 'news-secure',
        Subscribers: ['777788889999'],
        Encryption: { RoleArn: ROLE, SecretArn: SECRET, KeyType: 'static-key', Algorithm: 'aes192' },
      },
    ],
  },
  InvSport: {
    Name: 'InvSport',
    AvailabilityZone: `${REGION}b`,
    Source: {
      Name: 'sport-in',
      Protocol: 'srt-listener',
      IngestPort: 5001,
      MinLatency: 120,
      WhitelistCidr: '10.1.0.0/16',
    },
    Outputs: [{ Name: 'sport-out', Protocol: 'srt-caller', Destination: '198.51.100.9', Port: 5002, MinLatency: 200 }],
  },
  InvWeather: {
    Name: 'InvWeather',
    AvailabilityZone: `${REGION}c`,
    Source: { Name: 'weather-in', Protocol: 'rist', IngestPort: 6000, MaxLatency: 800, WhitelistCidr: '10.2.0.0/16' },
    Entitlements: [{ Name: 'weather-share', Subscribers: ['444455556666'], DataTransferSubscriberFeePercent: 0 }],
  },
};

describe('MediaConnect inventory against moto and dynalite', () => {
  let store: StateStore;
  let mediaConnect: MediaConnectClient;
  let deps: InventoryDeps;
  const arns: Record<string, string> = {};

  const statsDelta = (before: StoreStats): StoreStats =>
    Object.fromEntries(
      Object.entries(store.stats).map(([k, v]) => [k, v - before[k as keyof StoreStats]]),
    ) as unknown as StoreStats;
  const meta = (name: string) => store.get<FlowRecord>({ pk: resourcePk(arns[name]!), sk: META_SK });
  const partition = (name: string) => store.queryAll<Record<string, unknown>>({ pk: resourcePk(arns[name]!) });
  const poll = () => pollMediaConnectInventory(deps, { accountId: LOCAL_ACCOUNT, sweepPerCycle: 0 });

  beforeAll(async () => {
    ({ store } = await createTestStore('inventory'));
    // The production client factory (adaptive retry), pointed at moto.
    mediaConnect = createMediaConnectClient({ region: REGION, endpoint: emulatorEndpoints().moto, maxAttempts: 3 });
    deps = { client: mediaConnect, store, clock: systemClock, limiter: new TokenBucket(50, 50) };
    for (const [name, input] of Object.entries(flows)) {
      const created = await mediaConnect.send(new CreateFlowCommand(input));
      arns[name] = created.Flow!.FlowArn!;
    }
    await mediaConnect.send(
      new TagResourceCommand({ ResourceArn: arns.InvNews, Tags: { team: 'news', tier: 'gold' } }),
    );
  });

  afterAll(() => mediaConnect.destroy());

  it('stores the full inventory of every flow: the flow, its sources, outputs and entitlements', async () => {
    // Act
    const outcome = await poll();

    // Assess
    expect(outcome).toMatchObject({
      listing: 'complete',
      account: LOCAL_ACCOUNT,
      region: REGION,
      changes: { created: 3, failed: 0 },
    });
    expect(outcome.calls).toEqual({ ListFlows: 1, DescribeFlow: 3, ListTagsForResource: 3 });
    expect(await meta('InvNews')).toMatchObject({
      arn: arns.InvNews,
      name: 'InvNews',
      status: 'STANDBY',
      availabilityZone: `${REGION}a`,
      sourceType: 'OWNED',
      childCount: 5,
      tags: { team: 'news', tier: 'gold' },
      lastPolledAt: outcome.startedAt,
    });
    const items = await partition('InvNews');
    const source = items.find((i) => i.type === 'mediaconnect:source') as SourceRecord;
    // moto answers with flat fields (no Transport object); they are read from the wire body.
    expect(source).toMatchObject({
      name: 'news-in',
      protocol: 'zixi-push',
      ingestPort: 2088,
      maxLatency: 2000,
      whitelistCidr: '10.0.0.0/16',
      decryption: { roleArn: ROLE, secretArn: SECRET, keyType: 'static-key', algorithm: 'aes128' },
    });
    const outputs = items.filter((i) => i.type === 'mediaconnect:output') as OutputRecord[];
    expect(outputs.map((o) => [o.name, o.protocol, o.destination, o.port])).toEqual(
      expect.arrayContaining([
        ['news-zixi', 'zixi-push', '198.51.100.7', 2090],
        ['news-rtp', 'rtp', '198.51.100.8', 5000],
      ]),
    );
    expect(outputs.find((o) => o.name === 'news-zixi')?.encryption).toEqual({
      roleArn: ROLE,
      secretArn: SECRET,
      keyType: 'static-key',
      algorithm: 'aes256',
    });
    const entitlements = items.filter((i) => i.type === 'mediaconnect:entitlement') as EntitlementRecord[];
    expect(entitlements.map((e) => [e.name, e.subscribers, e.dataTransferSubscriberFeePercent ?? null])).toEqual(
      expect.arrayContaining([
        ['news-partner', ['444455556666'], 25],
        ['news-secure', ['777788889999'], null],
      ]),
    );
    const sport = (await partition('InvSport')).find((i) => i.type === 'mediaconnect:source');
    expect(sport).toMatchObject({ protocol: 'srt-listener', minLatency: 120 });
    const listing = await store.queryAll<{ name: string }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', LOCAL_ACCOUNT, REGION),
    });
    expect(listing.map((f) => f.name)).toEqual(['InvNews', 'InvSport', 'InvWeather']);
  });

  it('writes zero inventory items in a steady-state cycle, only the poller status', async () => {
    // Prepare
    const before = { ...store.stats };

    // Act
    const outcome = await poll();

    // Assess
    expect(outcome).toMatchObject({
      inventoryWrites: 0,
      statusWrites: 1,
      changes: { unchanged: 3, created: 0, updated: 0 },
    });
    expect(outcome.calls).toEqual({ ListFlows: 1, DescribeFlow: 3 });
    expect(statsDelta(before)).toMatchObject({ puts: 1, updates: 0, deletes: 0, staleSkips: 0 });
    const status = await store.get<PollerStatus>({
      pk: pollerPk('mediaconnect-inventory', LOCAL_ACCOUNT, REGION),
      sk: STATUS_SK,
    });
    expect(status?.lastCycle).toMatchObject({ startedAt: outcome.startedAt, inventoryWrites: 0 });
    // The flow item was not rewritten, yet it counts as polled by this cycle.
    expect(effectiveLastPolledAt((await meta('InvNews'))!, status)).toBe(outcome.startedAt);
  });

  it('refreshes one flow through the same write path', async () => {
    // Prepare
    await mediaConnect.send(new StartFlowCommand({ FlowArn: arns.InvSport }));
    const before = { ...store.stats };

    // Act
    const changed = await refreshFlow(deps, arns.InvSport!);
    const again = await refreshFlow(deps, arns.InvSport!);

    // Assess
    // The claim and the commit of the flow item; no child changed.
    expect(changed).toMatchObject({ change: 'updated', writes: 2 });
    expect(again).toMatchObject({ change: 'unchanged', writes: 0 });
    expect((await meta('InvSport'))?.status).toMatch(/^(STARTING|ACTIVE)$/);
    expect(statsDelta(before)).toMatchObject({ puts: 0, updates: 2, deletes: 0 });
  });

  it('tombstones a flow deleted in MediaConnect, keeps it listed as deleted, and expires its children', async () => {
    // Prepare
    await mediaConnect.send(new DeleteFlowCommand({ FlowArn: arns.InvWeather }));

    // Act
    const outcome = await poll();

    // Assess
    expect(outcome.changes).toMatchObject({ tombstoned: 1, failed: 0 });
    const tombstone = await meta('InvWeather');
    expect(tombstone).toMatchObject({ status: 'DELETED', tombstone: true, name: 'InvWeather' });
    expect(tombstone!.expiresAt! - Math.floor(Date.parse(tombstone!.deletedAt!) / 1000)).toBe(168 * 3600);
    const children = (await partition('InvWeather')).filter((i) => i.sk !== META_SK);
    expect(children.length).toBe(2);
    expect(children.every((c) => c.expiresAt === tombstone!.expiresAt)).toBe(true);
    const listing = await store.queryAll<{ name: string; status: string; tombstone?: boolean }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', LOCAL_ACCOUNT, REGION),
    });
    expect(listing.find((f) => f.name === 'InvWeather')).toMatchObject({ status: 'DELETED', tombstone: true });
  });
});
