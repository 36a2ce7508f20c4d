import { createTestStore } from '../emulator-env';
import { StateStore, WRITING_ATTRIBUTE } from '../../../lambdas/store/state-store';
import { childSk, GSI1, listPk, listSk, META_SK, resourcePk } from '../../../lambdas/store/keys';

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

  it('lists through GSI1 the fields its keys carry, though the index does not project them', async () => {
    // Act
    const [listed] = await store.queryAll<Record<string, unknown>>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', '123456789012', 'us-east-1'),
    });

    // Assess
    expect(listed).toMatchObject({
      arn: FLOW_ARN,
      type: 'mediaconnect:flow',
      account: '123456789012',
      region: 'us-east-1',
      name: 'Store',
    });
  });

  it('puts an absent item once and refuses the second claim', async () => {
    // Act
    const first = await store.putIfAbsent({ pk: 'DEDUP#m-1', sk: '#', expiresAt: 1 });
    const second = await store.putIfAbsent({ pk: 'DEDUP#m-1', sk: '#', expiresAt: 1 });

    // Assess
    expect([first, second]).toEqual([true, false]);
  });
  it("refuses an older writer's child over a newer tombstone, and puts a newer one back", async () => {
    // Prepare
    const key = { pk: resourcePk(`${FLOW_ARN}-tomb`), sk: childSk('OUTPUT', 'arn:out-2') };
    await store.putIfNewer({
      ...key,
      type: 'mediaconnect:output',
      account: 'a',
      region: 'r',
      observedAt: '',
      version: 1,
    });

    // Act
    const tombstoned = await store.tombstoneIfNewer(key, 3_000, 99);
    const olderLanded = await store.putIfNewer({
      ...key,
      type: 'mediaconnect:output',
      account: 'a',
      region: 'r',
      observedAt: '',
      version: 2_000,
    });
    const stored = await store.get(key);
    const newerLanded = await store.putIfNewer({
      ...key,
      type: 'mediaconnect:output',
      account: 'a',
      region: 'r',
      observedAt: '',
      version: 4_000,
    });

    // Assess
    expect([tombstoned, olderLanded, newerLanded]).toEqual([true, false, true]);
    expect(stored).toEqual({
      ...key,
      version: 3_000,
      observedAt: new Date(3_000).toISOString(),
      tombstone: true,
      expiresAt: 99,
      // The tombstone's write, stamped in the change index (store/change-index.ts): the feed shows the removal.
      gsi2pk: 'CHG#123456789012#us-east-1',
      gsi2sk: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z#[\w-]{12}$/),
    });
  });

  it('lets only the newest claim commit a tree, and clears every claim when a writer abandons', async () => {
    // Prepare
    const root = { pk: resourcePk(`${FLOW_ARN}-claim`), sk: META_SK };
    const older = await store.claimTree(root, 1_000, { treeHash: 'being-written' });
    const newer = await store.claimTree(root, 2_000, { treeHash: 'being-written' });
    const olderAgain = await store.claimTree(root, 1_500, { treeHash: 'being-written' });

    // Act
    const olderCommitted = await store.commitTree(root, 1_000, { treeHash: 'older' });
    await store.abandonTree(root, { treeHash: 'abandoned' });
    const newerCommitted = await store.commitTree(root, 2_000, { treeHash: 'newer' });
    const stored = await store.get<Record<string, unknown>>(root);
    const afterAbandon = await store.claimTree(root, 3_000, { treeHash: 'being-written' });
    const committed = await store.commitTree(root, 3_000, { treeHash: 'newest' });

    // Assess
    expect([older, newer, olderAgain]).toMatchObject([
      { claimed: true, existed: false },
      { claimed: true, existed: true },
      { claimed: false, existed: true },
    ]);
    expect([olderCommitted, newerCommitted]).toEqual([false, false]);
    expect(stored?.treeHash).toBe('abandoned');
    expect(stored?.[WRITING_ATTRIBUTE]).toBeUndefined();
    expect([afterAbandon.claimed, committed]).toEqual([true, true]);
    expect(await store.get(root)).toMatchObject({ treeHash: 'newest', version: 3_000 });
    expect(await store.claimTree(root, 2_500, { treeHash: 'being-written' })).toMatchObject({
      claimed: false,
      existed: true,
    });
  });

  it('adds to a string set from concurrent writers without losing a value, and returns the set after the update', async () => {
    // Prepare
    const key = { pk: 'ALARM#123456789012#us-east-1#store-test', sk: '#PLACEMENT' };

    // Act
    await Promise.all([store.addToSet(key, 'owners', ['a']), store.addToSet(key, 'owners', ['b'])]);
    const after = await store.addToSet(key, 'owners', ['a', 'c']);

    // Assess
    expect([...(after.owners as Set<string>)].sort()).toEqual(['a', 'b', 'c']);
  });

  it('deletes an item only when it is older, or as old and marked with the given attribute', async () => {
    // Prepare
    const older = { pk: 'RES#older', sk: 'ALARM#x', version: 1_000 };
    const current = { pk: 'RES#current', sk: 'ALARM#x', version: 2_000 };
    const twin = { pk: 'RES#twin', sk: 'ALARM#x', version: 2_000, unresolved: true };
    await Promise.all([store.put(older), store.put(current), store.put(twin)]);

    // Act
    const results = await Promise.all([
      store.deleteIfOlder(older, 2_000),
      store.deleteIfOlder(current, 2_000, 'unresolved'),
      store.deleteIfOlder(twin, 2_000, 'unresolved'),
      store.deleteIfOlder({ pk: 'RES#absent', sk: 'ALARM#x' }, 2_000),
    ]);

    // Assess
    expect(results).toEqual([true, false, true, false]);
    expect(await store.get({ pk: current.pk, sk: current.sk })).toMatchObject({ version: 2_000 });
    expect(await store.get({ pk: older.pk, sk: older.sk })).toBeUndefined();
  });
});
