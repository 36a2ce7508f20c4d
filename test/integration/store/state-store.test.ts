import { createTestStore } from '../emulator-env';
import { StateStore } from '../../../lambdas/store/state-store';
import { GSI1, listPk, listSk, META_SK, resourcePk } from '../../../lambdas/store/keys';

const FLOW_ARN = 'arn:aws:mediaconnect:us-east-1:123456789012:flow:1-abc-def:Store';

function flowItem(version: number, status: string) {
  return {
    pk: resourcePk(FLOW_ARN),
    sk: META_SK,
    type: 'mediaconnect:flow',
    account: '123456789012',
    region: 'us-east-1',
    observedAt: new Date(version).toISOString(),
    version,
    status,
    name: 'Store',
    gsi1pk: listPk('mediaconnect:flow', '123456789012', 'us-east-1'),
    gsi1sk: listSk('Store', FLOW_ARN),
  };
}

describe('StateStore against dynalite', () => {
  let store: StateStore;

  beforeAll(async () => {
    ({ store } = await createTestStore('store'));
  });

  it('never replaces newer state with older state', async () => {
    // Prepare
    await store.putIfNewer(flowItem(2_000, 'ACTIVE'));

    // Act
    const olderLanded = await store.putIfNewer(flowItem(1_000, 'STANDBY'));
    const newerLanded = await store.updateIfNewer({ pk: resourcePk(FLOW_ARN), sk: META_SK }, 3_000, {
      status: 'STOPPING',
    });

    // Assess
    expect(olderLanded).toBe(false);
    expect(newerLanded).toBe(true);
    const stored = await store.get<{ status: string; version: number; name: string }>({
      pk: resourcePk(FLOW_ARN),
      sk: META_SK,
    });
    expect(stored).toMatchObject({ status: 'STOPPING', version: 3_000, name: 'Store' });
    expect(store.stats.staleSkips).toBe(1);
  });

  it('lists resources through GSI1 by account and region', async () => {
    // Act
    const page = await store.queryPage<{ arn?: string; name: string }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', '123456789012', 'us-east-1'),
      skPrefix: 'Sto',
    });

    // Assess
    expect(page.items.map((i) => i.name)).toEqual(['Store']);
  });

  it('puts an absent item once and refuses the second claim', async () => {
    // Act
    const first = await store.putIfAbsent({ pk: 'DEDUP#m-1', sk: '#', expiresAt: 1 });
    const second = await store.putIfAbsent({ pk: 'DEDUP#m-1', sk: '#', expiresAt: 1 });

    // Assess
    expect([first, second]).toEqual([true, false]);
  });
});
