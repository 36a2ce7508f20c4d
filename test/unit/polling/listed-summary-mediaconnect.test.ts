import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { flowKind } from '../../../lambdas/mediaconnect/flow-kind';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import {
  ACCOUNT,
  entitlementArn,
  listed,
  ManualClock,
  REGION,
  sdkFlow,
  sdkSource,
} from '../mediaconnect/flow-fixtures';
import { ListFlowsCommand, MediaConnectWorld, mockMediaConnect } from '../mediaconnect/mediaconnect-world';
import { steadyListing } from './steady-listing';

const mediaconnect = mockMediaConnect();

describe('MediaConnect listed summaries', () => {
  let world: MediaConnectWorld;
  const clock = new ManualClock();
  const ctx = () => ({
    client: new MediaConnectClient({ region: REGION }),
    budget: new RequestBudget(new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms))),
    clock,
    account: ACCOUNT,
    region: REGION,
  });

  const listFlows = () =>
    [...world.flows.values()].map((flow) => ({
      ...listed(flow),
      SourceType: flow.Source?.EntitlementArn ? 'ENTITLED' : 'OWNED',
    }));

  beforeEach(() => {
    mediaconnect.reset();
    const entitled = sdkFlow('Delta', {
      Source: sdkSource('Delta', 'from-partner', { EntitlementArn: entitlementArn('Partner', 'ent-1') }),
      Sources: [sdkSource('Delta', 'from-partner', { EntitlementArn: entitlementArn('Partner', 'ent-1') })],
      AvailabilityZone: `${REGION}b`,
      Status: 'STANDBY',
    });
    world = new MediaConnectWorld(mediaconnect).add(sdkFlow('Alpha'), sdkFlow('Bravo'), entitled).install();
    // ListFlows says ENTITLED for a flow whose source comes from an entitlement.
    mediaconnect.on(ListFlowsCommand).callsFake(async () => ({ Flows: listFlows(), $metadata: {} }));
  });

  it('lists name, sourceType and availabilityZone as the stored flow has them: a steady listing puts nothing first', async () => {
    // Act
    const steady = await steadyListing(flowKind, ctx());

    // Assess
    expect(steady.listed.map((l) => l.summary)).toEqual([
      { name: 'Alpha', sourceType: 'OWNED', availabilityZone: `${REGION}a` },
      { name: 'Bravo', sourceType: 'OWNED', availabilityZone: `${REGION}a` },
      { name: 'Delta', sourceType: 'ENTITLED', availabilityZone: `${REGION}b` },
    ]);
    expect(steady.changed).toEqual([]);
  });

  it('puts a flow first when its listed availability zone differs from the stored one', async () => {
    // Prepare
    const before = await steadyListing(flowKind, ctx());
    const moved = world.flows.get(before.listed[0]?.arn as string);
    mediaconnect.on(ListFlowsCommand).resolves({
      Flows: listFlows().map((flow) =>
        flow.FlowArn === moved?.FlowArn ? { ...flow, AvailabilityZone: `${REGION}c` } : flow,
      ),
    });

    // Act
    const listing = await steadyListing(flowKind, ctx());

    // Assess: the describe (from DescribeFlow) still says the old zone, so the listed one differs.
    expect(listing.changed).toEqual([moved?.FlowArn]);
  });
});
