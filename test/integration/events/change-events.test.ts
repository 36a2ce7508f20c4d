/**
 * The change path over the real wire: calls made on moto_server, their CloudTrail events (bin/local/cloudtrail-events.ts,
 * what moto cannot send) through `ingestMessages` with the real MediaConnect re-poll, into dynalite. Region:
 * ap-southeast-4 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  AddFlowSourcesCommand,
  CreateFlowCommand,
  CreateFlowCommandInput,
  DeleteFlowCommand,
  DescribeFlowCommand,
  Flow,
  GrantFlowEntitlementsCommand,
  MediaConnectClient,
  UpdateFlowOutputCommand,
} from '@aws-sdk/client-mediaconnect';
import { cloudTrailEvent, wireShape } from '../../../bin/local/cloudtrail-events';
import { RawRing } from '../../../lambdas/events/event-history';
import type { RawMessage } from '../../../lambdas/events/event-model';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { createFlowRepoller } from '../../../lambdas/events/flow-repoller';
import { IngestDeps, ingestMessages, Repoller } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import type { TrailingRepoll } from '../../../lambdas/events/trailing-repoll';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { changePathHealth, readChangePath } from '../../../lambdas/store/change-path';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'ap-southeast-4';
const ACCOUNT = '123456789012';
const WINDOW_SECONDS = 1;

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
const cloudWatch = new CloudWatchClient(motoConfig(REGION));
const metricsOptions = {
  region: REGION,
  account: ACCOUNT,
  metricSet: resolveMetricSet('health'),
  defaultIntervalSeconds: 300,
  historyMinutes: 60,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sequence = 0;
/** The CloudTrail event of a call just made, as the ingest queue hands it to the function. */
function delivered(event: Record<string, unknown>): RawMessage {
  sequence++;
  return { id: `ct-${sequence}`, body: JSON.stringify(event), receivedAt: Date.now(), origin: 'sqs' };
}

/** The CloudTrail event of a MediaConnect call, from its SDK input (and output) in wire shape. */
function callEvent(eventName: string, input: object, output?: object, extra: { errorCode?: string } = {}) {
  return cloudTrailEvent({
    service: 'mediaconnect',
    eventName,
    account: ACCOUNT,
    region: REGION,
    requestParameters: wireShape(input) as Record<string, unknown>,
    ...(output ? { responseElements: wireShape(output) as Record<string, unknown> } : {}),
    ...extra,
  });
}

function flowInput(name: string): CreateFlowCommandInput {
  return {
    Name: name,
    AvailabilityZone: `${REGION}a`,
    Source: { Name: `${name}-main`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
    Outputs: [{ Name: `${name}-out`, Protocol: 'srt-caller', Destination: '10.0.1.1', Port: 6000 }],
  };
}

describe('the change path against moto and dynalite', () => {
  let store: StateStore;
  /** The inventory cycle's own store over the same table, so its refused writes are counted apart. */
  let cycleStore: StateStore;
  let deps: IngestDeps;
  let metrics: CountingMetrics;
  const repolls: string[] = [];
  const trailing: TrailingRepoll[] = [];
  const inventoryDeps = () => ({ client: mediaConnect, store, clock: systemClock, limiter: new TokenBucket(50, 100) });
  const meta = (arn: string) => store.get<Record<string, unknown>>({ pk: resourcePk(arn), sk: META_SK });
  const child = (flowArn: string, sk: string) => store.get<Record<string, unknown>>({ pk: resourcePk(flowArn), sk });

  beforeAll(async () => {
    const created = await createTestStore('changes');
    store = created.store;
    cycleStore = new StateStore(created.doc, created.tableName);
    const real = createFlowRepoller(inventoryDeps(), { cloudWatch, store, clock: systemClock }, metricsOptions);
    const observing: Repoller = {
      covers: (arn) => real.covers(arn),
      async repoll(arn) {
        repolls.push(arn);
        await real.repoll(arn);
      },
    };
    metrics = new CountingMetrics();
    deps = {
      store,
      clock: systemClock,
      repoller: observing,
      metrics,
      settings: { ...DEFAULT_INGEST_SETTINGS, repollWindowSeconds: WINDOW_SECONDS },
      resolver: new FlowResolver(store, systemClock),
      rawRing: new RawRing(),
      trailingRepolls: { schedule: async (request) => void trailing.push(request) },
    };
  });

  /** A flow created on moto and reported by its CloudTrail event: the change path's create. */
  async function createdThroughEvent(name: string): Promise<Flow> {
    const input = flowInput(name);
    const output = await mediaConnect.send(new CreateFlowCommand(input));
    const result = await ingestMessages(deps, [delivered(callEvent('CreateFlow', input, output))]);
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'mediaconnect:change' });
    return output.Flow!;
  }

  it('stores a flow created on moto from its CreateFlow event alone, and shows the event on the change path', async () => {
    // Prepare
    const before = repolls.length;

    // Act
    const flow = await createdThroughEvent('changes-create');

    // Assess
    expect(repolls.slice(before)).toEqual([flow.FlowArn]);
    expect(await meta(flow.FlowArn!)).toMatchObject({ arn: flow.FlowArn, name: 'changes-create', status: 'STANDBY' });
    const output = flow.Outputs![0]!;
    expect(await child(flow.FlowArn!, `OUTPUT#${output.OutputArn}`)).toMatchObject({ name: 'changes-create-out' });
    const path = await readChangePath(store, { account: ACCOUNT, region: REGION });
    expect(path.state).toMatchObject({ lastEventName: 'CreateFlow', lastEventArn: flow.FlowArn });
    expect(path.calls).toContainEqual(expect.objectContaining({ eventName: 'CreateFlow', arn: flow.FlowArn }));
    expect(changePathHealth(path, 'cloudtrail', Date.now()).status).toBe('live');
  });

  it('stores the source and the entitlement a flow gained, from AddFlowSources and GrantFlowEntitlements events', async () => {
    // Prepare
    const flow = await createdThroughEvent('changes-children');
    await sleep(WINDOW_SECONDS * 1000 + 100);
    const addSources = {
      FlowArn: flow.FlowArn,
      Sources: [
        { Name: 'changes-children-backup', Protocol: 'rtp' as const, IngestPort: 5002, WhitelistCidr: '10.0.0.0/16' },
      ],
    };
    const grant = {
      FlowArn: flow.FlowArn,
      Entitlements: [{ Name: 'changes-children-affiliate', Subscribers: ['444455556666'] }],
    };
    const added = await mediaConnect.send(new AddFlowSourcesCommand(addSources));
    const granted = await mediaConnect.send(new GrantFlowEntitlementsCommand(grant));

    // Act: both events in one batch, one coalesced re-poll of the flow that reads both changes.
    const result = await ingestMessages(deps, [
      delivered(callEvent('AddFlowSources', addSources, added)),
      delivered(callEvent('GrantFlowEntitlements', grant, granted)),
    ]);

    // Assess
    expect(result.repolls).toMatchObject({ requested: 1, issued: 1 });
    const sourceArn = added.Sources!.find((s) => s.Name === 'changes-children-backup')!.SourceArn!;
    const entitlementArn = granted.Entitlements![0]!.EntitlementArn!;
    expect(await child(flow.FlowArn!, `SOURCE#${sourceArn}`)).toMatchObject({ name: 'changes-children-backup' });
    expect(await child(flow.FlowArn!, `ENTITLEMENT#${entitlementArn}`)).toMatchObject({
      name: 'changes-children-affiliate',
    });
  });

  it('tombstones a flow deleted on moto from its DeleteFlow event, and schedules one trailing re-poll', async () => {
    // Prepare
    const flow = await createdThroughEvent('changes-delete');
    await sleep(WINDOW_SECONDS * 1000 + 100);
    const input = { FlowArn: flow.FlowArn };
    const output = await mediaConnect.send(new DeleteFlowCommand(input));
    trailing.length = 0;

    // Act
    const result = await ingestMessages(deps, [delivered(callEvent('DeleteFlow', input, output))]);

    // Assess
    expect(result.repolls).toMatchObject({ issued: 1, trailingScheduled: 1 });
    expect(trailing).toEqual([{ arn: flow.FlowArn, windowStart: expect.any(Number) }]);
    expect(await meta(flow.FlowArn!)).toMatchObject({ tombstone: true, status: 'DELETED' });
  });

  it('changes nothing for an event of a failed call, even when the flow changed since', async () => {
    // Prepare: the flow's output changes on moto without a change event; then a failed call on it is reported.
    const flow = await createdThroughEvent('changes-failed');
    const outputArn = flow.Outputs![0]!.OutputArn!;
    const storedBefore = await child(flow.FlowArn!, `OUTPUT#${outputArn}`);
    await mediaConnect.send(
      new UpdateFlowOutputCommand({ FlowArn: flow.FlowArn, OutputArn: outputArn, Description: 'changed quietly' }),
    );
    await sleep(WINDOW_SECONDS * 1000 + 100);
    const before = repolls.length;
    const ignoredBefore = metrics.get('ChangeCallsIgnored');

    // Act
    const result = await ingestMessages(deps, [
      delivered(callEvent('StopFlow', { FlowArn: flow.FlowArn }, undefined, { errorCode: 'BadRequestException' })),
    ]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'change:ignored-failed', repollArns: [] });
    expect(repolls.slice(before)).toEqual([]);
    expect(await child(flow.FlowArn!, `OUTPUT#${outputArn}`)).toEqual(storedBefore);
    expect(metrics.get('ChangeCallsIgnored')).toBe(ignoredBefore + 1);
  });

  it('keeps the newer state when an inventory cycle that read the flow before a change writes after the event’s re-poll', async () => {
    // Prepare: the flow is stored, then changed quietly: the cycle reads that change (it has something to write), and
    // its DescribeFlow of the flow answers, then waits until a second change's event is applied.
    const flow = await createdThroughEvent('changes-race');
    const outputArn = flow.Outputs![0]!.OutputArn!;
    await mediaConnect.send(
      new UpdateFlowOutputCommand({ FlowArn: flow.FlowArn, OutputArn: outputArn, Description: 'read by the cycle' }),
    );
    await sleep(WINDOW_SECONDS * 1000 + 100);
    let described!: () => void;
    const describedOnce = new Promise<void>((resolve) => (described = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = new Proxy(mediaConnect, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return async (command: unknown) => {
          const answer = await (target.send as (c: unknown) => Promise<unknown>)(command);
          if (command instanceof DescribeFlowCommand && command.input.FlowArn === flow.FlowArn) {
            described();
            await gate;
          }
          return answer;
        };
      },
    });
    const cycle = pollMediaConnectInventory(
      { ...inventoryDeps(), store: cycleStore, client: gated },
      { accountId: ACCOUNT, sweepPerCycle: 100 },
    );
    await describedOnce;
    const update = { FlowArn: flow.FlowArn, OutputArn: outputArn, Description: 'changed during the cycle' };
    const updated = await mediaConnect.send(new UpdateFlowOutputCommand(update));

    // Act: the event's re-poll reads the change and writes it; then the cycle writes what it read before.
    const result = await ingestMessages(deps, [delivered(callEvent('UpdateFlowOutput', update, updated))]);
    release();
    const outcome = await cycle;

    // Assess
    expect(result.repolls).toMatchObject({ issued: 1 });
    expect(outcome.failedFlows).toEqual([]);
    // The cycle's older observation of the flow was refused, not merely equal.
    expect(cycleStore.stats.staleSkips).toBeGreaterThan(0);
    expect(await child(flow.FlowArn!, `OUTPUT#${outputArn}`)).toMatchObject({
      description: 'changed during the cycle',
    });
    const { Flow: now } = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flow.FlowArn }));
    expect(now?.Outputs?.[0]?.Description).toBe('changed during the cycle');
  });
});
