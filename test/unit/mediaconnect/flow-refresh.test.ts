import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import 'aws-sdk-client-mock-jest';
import type { FlowRecord } from '../../../lambdas/mediaconnect/flow-model';
import { refreshFlow } from './flow-refresher';
import type { InventoryDeps as EngineInventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { ThrottledError, ValidationError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { ACCOUNT, flowArn, ManualClock, REGION, sdkFlow } from './flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import {
  DescribeFlowCommand,
  ListTagsForResourceCommand,
  MediaConnectWorld,
  mockMediaConnect,
  throttle,
} from './mediaconnect-world';

type InventoryDeps = EngineInventoryDeps<MediaConnectClient>;

const mediaConnectMock = mockMediaConnect();
const client = new MediaConnectClient({
  region: REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

describe('the MediaConnect refresher', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let world: MediaConnectWorld;
  let deps: InventoryDeps;

  beforeEach(async () => {
    mediaConnectMock.reset();
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    world = new MediaConnectWorld(mediaConnectMock).add(sdkFlow('Alpha'), sdkFlow('Bravo')).install();
    deps = {
      client: client,
      store,
      clock,
      limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
      wait: async () => undefined,
      random: () => 0,
    };
    await pollMediaConnectInventory(deps, { accountId: ACCOUNT, sweepPerCycle: 0 });
    store.resetCounters();
    mediaConnectMock.resetHistory();
    clock.advance(5_000);
  });

  it('writes nothing for a flow the cycle already stored as it is', async () => {
    // Act
    const outcome = await refreshFlow(deps, flowArn('Alpha'));

    // Assess
    expect(outcome).toMatchObject({
      arn: flowArn('Alpha'),
      change: 'unchanged',
      writes: 0,
      calls: { DescribeFlow: 1 },
    });
    expect(store.writes).toEqual([]);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 0);
  });

  it('writes what changed of one flow and nothing of the others', async () => {
    // Prepare
    world.add(sdkFlow('Alpha', { Status: 'STARTING' }));

    // Act
    const outcome = await refreshFlow(deps, flowArn('Alpha'));

    // Assess
    // The claim and the commit of the flow item; no child changed.
    expect(outcome).toMatchObject({ change: 'updated', writes: 2, calls: { DescribeFlow: 1, ListTagsForResource: 1 } });
    expect(store.item<FlowRecord>(resourcePk(flowArn('Alpha')), META_SK)).toMatchObject({
      status: 'STARTING',
      version: clock.now(),
      lastPolledAt: new Date(clock.now()).toISOString(),
    });
    expect(store.writes.every((w) => w.pk === resourcePk(flowArn('Alpha')))).toBe(true);
    expect(mediaConnectMock).toHaveReceivedCommandWith(DescribeFlowCommand, { FlowArn: flowArn('Alpha') });
  });

  it('tombstones a flow MediaConnect no longer has, with its link index reference', async () => {
    // Prepare
    world.flows.delete(flowArn('Bravo'));

    // Act
    const outcome = await refreshFlow(deps, flowArn('Bravo'));

    // Assess
    // Three children, the link index entry of its output's destination, and the flow item.
    expect(outcome).toMatchObject({ change: 'tombstoned', writes: 5 });
    expect(store.item<FlowRecord>(resourcePk(flowArn('Bravo')), META_SK)).toMatchObject({
      status: 'DELETED',
      tombstone: true,
    });
  });

  it('answers not-found and writes nothing for a flow nobody knows', async () => {
    // Act
    const outcome = await refreshFlow(deps, flowArn('Zulu'));

    // Assess
    expect(outcome).toMatchObject({ change: 'not-found', writes: 0 });
    expect(store.writes).toEqual([]);
  });

  it('refuses a flow of another region or a malformed ARN', async () => {
    // Act
    const otherRegion = refreshFlow(deps, flowArn('Alpha').replace(REGION, 'us-east-1'));
    const notAFlow = refreshFlow(deps, 'arn:aws:medialive:eu-west-1:111122223333:channel:1');

    // Assess
    await expect(otherRegion).rejects.toBeInstanceOf(ValidationError);
    await expect(notAFlow).rejects.toBeInstanceOf(ValidationError);
  });

  it('throws ThrottledError when throttling persists, leaving the store as it is', async () => {
    // Prepare
    mediaConnectMock.on(DescribeFlowCommand).rejects(throttle());

    // Act
    const refresh = refreshFlow(deps, flowArn('Alpha'));

    // Assess
    await expect(refresh).rejects.toBeInstanceOf(ThrottledError);
    expect(store.writes).toEqual([]);
  });
});
