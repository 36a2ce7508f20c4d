import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { ACCOUNT, FLOW_ARN, NOW, REGION, SOURCE_ARN, storedChild, storedFlow } from './event-fixtures';
import { IngestTestStore } from './ingest-test-store';

const flowArn = (id: string, name: string) => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:${id}:${name}`;
const OTHER_FLOWS = Array.from({ length: 12 }, (_, i) =>
  flowArn(`1-Other${String(i).padStart(2, '0')}xxxxxxxx-0000aaaa${i}`, `Other${i}`),
);

function resolverOver(store: IngestTestStore, now = { value: NOW }) {
  return new FlowResolver(store, { now: () => now.value }, { searchConcurrency: 4, unknownTtlMs: 30_000 });
}

describe('FlowResolver', () => {
  it('finds a source’s flow among the stored flows, trying the flow whose ARN id resembles the source’s first', async () => {
    // Prepare
    const store = new IngestTestStore();
    store.seed(
      ...OTHER_FLOWS.map((arn) => storedFlow(arn, 'ACTIVE')),
      storedFlow(FLOW_ARN, 'ACTIVE'),
      storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN),
    );
    const resolver = resolverOver(store);

    // Act
    const found = await resolver.flowOf(SOURCE_ARN, 'SOURCE');

    // Assess
    expect(found).toBe(FLOW_ARN);
    // The AWS ids share their last part (`12AbC34DE5fG`): the first batch of partition Queries holds the right flow.
    expect(resolver.stats).toMatchObject({ searches: 1, searchReads: 4 });
    expect(store.calls.filter((c) => c.startsWith('get RES#'))).toEqual([]);
    expect(store.item(`CHILD#${SOURCE_ARN}`, '#PARENT')).toMatchObject({ flowArn: FLOW_ARN, childKind: 'SOURCE' });
  });

  it('caches the siblings a search saw, so the flow’s other sources need no store call', async () => {
    // Prepare
    const store = new IngestTestStore();
    const sibling = SOURCE_ARN.replace('MainSource', 'BackupSource');
    store.seed(
      storedFlow(FLOW_ARN, 'ACTIVE'),
      storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN),
      storedChild(FLOW_ARN, 'SOURCE', sibling),
    );
    const resolver = resolverOver(store);
    await resolver.flowOf(SOURCE_ARN, 'SOURCE');
    const callsBefore = store.calls.length;

    // Act
    const found = await resolver.flowOf(sibling, 'SOURCE');

    // Assess
    expect(found).toBe(FLOW_ARN);
    expect(store.calls.length).toBe(callsBefore);
  });

  it('answers from its cache, then from the lookup item, without searching again', async () => {
    // Prepare
    const store = new IngestTestStore();
    store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    const first = resolverOver(store);
    await first.flowOf(SOURCE_ARN, 'SOURCE');
    const second = resolverOver(store);

    // Act
    const cached = await first.flowOf(SOURCE_ARN, 'SOURCE');
    const looked = await second.flowOf(SOURCE_ARN, 'SOURCE');

    // Assess
    expect([cached, looked]).toEqual([FLOW_ARN, FLOW_ARN]);
    expect(first.stats).toMatchObject({ cacheHits: 1, searches: 1 });
    expect(second.stats).toMatchObject({ lookupHits: 1, searches: 0 });
  });

  it('searches once for concurrent requests about one child', async () => {
    // Prepare
    const store = new IngestTestStore();
    store.seed(
      ...OTHER_FLOWS.map((arn) => storedFlow(arn, 'ACTIVE')),
      storedFlow(FLOW_ARN, 'ACTIVE'),
      storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN),
    );
    const resolver = resolverOver(store);

    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => resolver.flowOf(SOURCE_ARN, 'SOURCE')));

    // Assess
    expect(new Set(answers)).toEqual(new Set([FLOW_ARN]));
    expect(resolver.stats.searches).toBe(1);
    expect(store.calls.filter((c) => c.startsWith('query LIST#'))).toHaveLength(1);
  });

  it('remembers a child found nowhere for a while, then searches again', async () => {
    // Prepare
    const store = new IngestTestStore();
    store.seed(storedFlow(FLOW_ARN, 'ACTIVE'));
    const now = { value: NOW };
    const resolver = resolverOver(store, now);

    // Act
    const first = await resolver.flowOf(SOURCE_ARN, 'SOURCE');
    const soon = await resolver.flowOf(SOURCE_ARN, 'SOURCE');
    store.seed(storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    now.value += 30_001;
    const later = await resolver.flowOf(SOURCE_ARN, 'SOURCE');

    // Assess
    expect([first, soon, later]).toEqual([undefined, undefined, FLOW_ARN]);
    expect(resolver.stats.searches).toBe(2);
  });

  it('skips a deleted flow’s tombstone', async () => {
    // Prepare
    const store = new IngestTestStore();
    store.seed({ ...storedFlow(FLOW_ARN, 'DELETED'), tombstone: true }, storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));

    // Act
    const found = await resolverOver(store).flowOf(SOURCE_ARN, 'SOURCE');

    // Assess
    expect(found).toBeUndefined();
  });

  it('does not name the flow of a child that is only a tombstone', async () => {
    // Prepare: the source was removed from the flow; the inventory left a tombstone in its place.
    const store = new IngestTestStore();
    const { pk, sk } = storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN);
    store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), { pk, sk, version: 2, tombstone: true, expiresAt: 1 });

    // Act
    const found = await resolverOver(store).flowOf(SOURCE_ARN, 'SOURCE');

    // Assess
    expect(found).toBeUndefined();
  });

  it('writes the lookup item once per container for a child an event named', async () => {
    // Prepare
    const store = new IngestTestStore();
    const resolver = resolverOver(store);

    // Act
    await resolver.remember(SOURCE_ARN, 'SOURCE', FLOW_ARN);
    await resolver.remember(SOURCE_ARN, 'SOURCE', FLOW_ARN);

    // Assess
    expect(store.calls.filter((c) => c.startsWith('put CHILD#'))).toHaveLength(1);
    expect(await resolver.flowOf(SOURCE_ARN, 'SOURCE')).toBe(FLOW_ARN);
  });
});
