/**
 * The rolling sweep of the MediaConnect inventory against moto_server and dynalite, over the wire, on a fake clock.
 * Region: ap-southeast-1 (this file's own; moto partitions state by region).
 */
import { CreateFlowCommand, MediaConnectClient, StartFlowCommand } from '@aws-sdk/client-mediaconnect';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import type { FlowRecord } from '../../../lambdas/mediaconnect/flow-model';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createMediaConnectClient } from '../../../lambdas/shared/clients';
import type { Clock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

const REGION = 'ap-southeast-1';
const FLOWS = 30;
const MINUTE = 60_000;

class FakeClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

describe('the rolling sweep against moto and dynalite', () => {
  let store: StateStore;
  let mediaConnect: MediaConnectClient;
  let deps: InventoryDeps<MediaConnectClient>;
  let clock: FakeClock;
  let start: number;
  const arns: string[] = [];
  /** Every MediaConnect command sent, by name: the counting wrapper. */
  const sent: string[] = [];
  const describeCount = () => sent.filter((name) => name === 'DescribeFlowCommand').length;

  async function cycleAt(n: number) {
    clock.ms = start + n * 5 * MINUTE;
    const before = describeCount();
    const outcome = await pollMediaConnectInventory(deps, {
      accountId: LOCAL_ACCOUNT,
      sweepPerCycle: 0,
      sweepPeriodMs: 60 * MINUTE,
      cycleIntervalMs: 5 * MINUTE,
    });
    return { outcome, describes: describeCount() - before };
  }

  beforeAll(async () => {
    ({ store } = await createTestStore('sweep'));
    mediaConnect = createMediaConnectClient({ region: REGION, endpoint: emulatorEndpoints().moto, maxAttempts: 3 });
    mediaConnect.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    for (let i = 0; i < FLOWS; i++) {
      const created = await mediaConnect.send(
        new CreateFlowCommand({
          Name: `Sweep${String(i).padStart(2, '0')}`,
          AvailabilityZone: `${REGION}a`,
          Source: { Name: 'in', Protocol: 'rtp', IngestPort: 5000 + i, WhitelistCidr: '10.0.0.0/16' },
        }),
      );
      arns.push(created.Flow?.FlowArn as string);
    }
    arns.sort();
    start = Date.now();
    clock = new FakeClock(start);
    deps = { client: mediaConnect, store, clock, limiter: new TokenBucket(1_000, 1_000) };
  });

  afterAll(() => mediaConnect.destroy());

  it('describes every flow as new in the first cycle, then only each cycle’s share, and a listed change at once', async () => {
    // Act
    const first = await cycleAt(0);
    const paced = [await cycleAt(1), await cycleAt(2)];
    const changed = arns[arns.length - 1] as string;
    await mediaConnect.send(new StartFlowCommand({ FlowArn: changed }));
    const afterChange = await cycleAt(3);
    const stored = await store.get<FlowRecord>({ pk: resourcePk(changed), sk: META_SK });

    // Assess
    expect(first.describes).toBe(FLOWS);
    expect(first.outcome.pass).toMatchObject({ complete: true, firstCompleteAt: first.outcome.finishedAt });
    // A new pass from cycle 1, due 55 minutes later: ceil(30/11) = 3, then ceil(27/10) = 3.
    expect(paced.map((c) => c.describes)).toEqual([3, 3]);
    expect(paced[1]?.outcome.pass).toMatchObject({ complete: false, remaining: 24, cursor: arns[5], behind: false });
    // The started flow's listed status differs from the stored one: described now, beside ceil(23/9) = 3 of the rotation.
    expect(afterChange.describes).toBe(4);
    expect(afterChange.outcome.changes).toMatchObject({ updated: 1, unchanged: 3, failed: 0 });
    expect(stored?.status).not.toBe('STANDBY');
    expect(stored?.lastPolledAt).toBe(afterChange.outcome.startedAt);
  });

  it('lists every flow every cycle and writes nothing for the flows it did not describe', async () => {
    // Act
    const { outcome, describes } = await cycleAt(4);

    // Assess
    expect(outcome.calls.ListFlows).toBe(1);
    expect(outcome.resourcesListed).toBe(FLOWS);
    expect(describes).toBeLessThanOrEqual(3);
    expect(outcome.inventoryWrites).toBe(0);
  });
});
