import { declarationsHash, foldLinksHash } from '../../../lambdas/chain/link-sync';
import { flowLinks } from '../../../lambdas/mediaconnect/flow-links';
import type { BuiltMeta, BuiltRecord } from '../../../lambdas/polling/resource-kind';
/**
 * Concurrent writers of one flow against dynalite: the cycle's write of an older DescribeFlow and a `refreshFlow` of a
 * newer one, interleaved at every store call. Whatever the interleaving, the next poll leaves the store equal to AWS.
 */
import { ListTagsForResourceCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { parseDescribeFlow, type DescribedFlow } from '../../../lambdas/mediaconnect/flow-describe';
import { buildFlowRecords } from '../../../lambdas/mediaconnect/flow-records';
import { describedFlowResource, flowKind } from '../../../lambdas/mediaconnect/flow-kind';
import type { InventoryStore } from '../../../lambdas/polling/inventory-store';
import type { StoredResourceSummary } from '../../../lambdas/polling/resource-kind';
import {
  readStoredResource as readStoredFlow,
  syncDescribed,
  type SyncContext,
  type TreeWriteResult,
} from '../../../lambdas/polling/tree-sync';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { withoutChildTombstones } from '../../../lambdas/store/child-tombstones';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { WRITING_ATTRIBUTE, type StateStore } from '../../../lambdas/store/state-store';
import { ACCOUNT, flowArn, REGION, sdkFlow, sdkOutput } from '../../unit/mediaconnect/flow-fixtures';
import { createTestStore } from '../emulator-env';

// The MediaConnect side is not under test here: only ListTagsForResource is called (DescribeFlow answers are given).
const mediaConnectMock = mockClient(MediaConnectClient as never);
const client = new MediaConnectClient({
  region: REGION,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

type Writer = 'older' | 'newer';
type StoreMethod = keyof InventoryStore;
const STORE_METHODS: readonly StoreMethod[] = [
  'get',
  'queryAll',
  'putIfNewer',
  'updateIfNewer',
  'delete',
  'tombstoneIfNewer',
  'claimTree',
  'commitTree',
  'abandonTree',
  'updateIfVersion',
];

/**
 * Runs writers whose every store call waits for its turn; `choose` picks the writer whose next call goes. A step starts
 * only when no call is in flight and every writer waits for its turn or is done, so a schedule replays exactly.
 */
class Interleaving {
  readonly trace: string[] = [];
  private readonly waiting = new Map<Writer, (() => void)[]>();
  private readonly done = new Set<Writer>();
  private inFlight = 0;

  storeFor(writer: Writer, store: StateStore): InventoryStore {
    const gated =
      (method: StoreMethod) =>
      async (...args: unknown[]) => {
        await new Promise<void>((resolve) => this.queue(writer).push(resolve));
        this.trace.push(`${writer}:${method}`);
        try {
          return await (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
        } finally {
          this.inFlight--;
        }
      };
    return Object.fromEntries(STORE_METHODS.map((m) => [m, gated(m)])) as unknown as InventoryStore;
  }

  async run(writers: Record<Writer, () => Promise<unknown>>, choose: (ready: Writer[], step: number) => Writer) {
    const names = Object.keys(writers) as Writer[];
    const running = names.map((name) => writers[name]().finally(() => this.done.add(name)));
    for (let step = 0; ; step++) {
      await this.settle(names);
      const ready = names.filter((name) => this.queue(name).length > 0);
      if (ready.length === 0) break;
      const release = this.queue(choose(ready, step)).shift() as () => void;
      this.inFlight++;
      release();
    }
    await Promise.all(running);
  }

  private queue(writer: Writer): (() => void)[] {
    if (!this.waiting.has(writer)) this.waiting.set(writer, []);
    return this.waiting.get(writer) as (() => void)[];
  }

  private async settle(names: readonly Writer[]): Promise<void> {
    for (let spin = 0; spin < 100_000; spin++) {
      if (this.inFlight === 0 && names.every((n) => this.done.has(n) || this.queue(n).length > 0)) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('A writer neither finished nor reached the store');
  }
}

/** The `older` writer runs `steps` store calls, then the `newer` one runs to the end, then the `older` one goes on. */
const olderPausedAfter =
  (steps: number) =>
  (ready: Writer[], step: number): Writer =>
    (step < steps && ready.includes('older')) || !ready.includes('newer') ? 'older' : 'newer';
/** The same with the roles swapped. */
const newerPausedAfter =
  (steps: number) =>
  (ready: Writer[], step: number): Writer =>
    (step < steps && ready.includes('newer')) || !ready.includes('older') ? 'newer' : 'older';

function described(name: string, atMs: number, outputs: Parameters<typeof sdkOutput>[]): DescribedFlow {
  const flow = sdkFlow(name, { Outputs: outputs.map((args) => sdkOutput(...args)) });
  return { ...parseDescribeFlow({ Flow: flow }), observedAtMs: atMs };
}

/** The engine's write path for a described flow, as the cycle and the refresher run it (stored tags kept). */
const syncDescribedFlow = (
  ctx: SyncContext<MediaConnectClient>,
  flow: DescribedFlow,
  stored: StoredResourceSummary | undefined,
  options: { refreshTags: boolean },
): Promise<TreeWriteResult> =>
  syncDescribed(ctx, flowKind, describedFlowResource(flow, { region: ctx.region, tags: stored?.tags }), stored, {
    refresh: options.refreshTags,
  });

describe('concurrent writes of one flow against dynalite', () => {
  let store: StateStore;
  let flows = 0;

  beforeAll(async () => {
    ({ store } = await createTestStore('race'));
  });

  beforeEach(() => {
    mediaConnectMock.reset();
    mediaConnectMock.on(ListTagsForResourceCommand as never).resolves({ Tags: {} } as never);
  });

  const context = (writerStore: InventoryStore, atMs: number): SyncContext<MediaConnectClient> => ({
    client,
    store: writerStore,
    budget: new RequestBudget(new TokenBucket(1_000, 1_000, systemClock)),
    clock: systemClock,
    account: ACCOUNT,
    region: REGION,
    polledAt: new Date(atMs).toISOString(),
    tombstoneRetentionHours: 168,
  });

  /** The stored flow equals the DescribeFlow answer: the same live children with the same content, and its tree hash. */
  async function expectStoreEqualsAws(aws: DescribedFlow): Promise<void> {
    const expected = buildFlowRecords(aws.document, {
      account: ACCOUNT,
      region: REGION,
      observedAtMs: 0,
      messages: [],
    });
    const partition = withoutChildTombstones(
      await store.queryAll<{ sk: string; hash?: string } & Record<string, unknown>>({
        pk: resourcePk(aws.document.flowArn),
      }),
    );
    const children = partition.filter((i) => /^(SOURCE|OUTPUT|ENTITLEMENT)#/.test(i.sk));
    expect(Object.fromEntries(children.map((c) => [c.sk, c.hash]))).toEqual(
      Object.fromEntries(expected.children.map((c) => [c.sk, c.hash])),
    );
    const meta = partition.find((i) => i.sk === META_SK);
    // The engine folds the flow's link declarations (its outputs' destinations) into the tree hash.
    const tree = {
      meta: expected.flow as unknown as BuiltMeta,
      children: expected.children as unknown as BuiltRecord[],
    };
    const linksHash = declarationsHash(flowLinks(tree), aws.document.flowArn);
    expect(meta?.treeHash).toBe(linksHash ? foldLinksHash(expected.flow.treeHash, linksHash) : expected.flow.treeHash);
    expect(meta?.[WRITING_ATTRIBUTE]).toBeUndefined();
  }

  /**
   * The race on a fresh flow: stored at T0 with out-1 and out-2; the cycle describes at T0+1s (out-1 disabled,
   * out-2 still there); a refresh describes at T0+2s (out-1 enabled again, out-2 removed). Then a stable poll at T0+3s.
   */
  async function expectRaceHeals(choose: (ready: Writer[], step: number) => Writer): Promise<{ trace: string[] }> {
    const name = `Race${++flows}`;
    const initial = described(name, T0, [
      [name, 'out-1'],
      [name, 'out-2'],
    ]);
    await syncDescribedFlow(context(store, T0), initial, undefined, { refreshTags: false });
    const olderView = described(name, T0 + 1_000, [
      [name, 'out-1', { OutputStatus: 'DISABLED' }],
      [name, 'out-2'],
    ]);
    const newerView = described(name, T0 + 2_000, [[name, 'out-1']]);
    const interleaving = new Interleaving();
    const olderStore = interleaving.storeFor('older', store);
    const newerStore = interleaving.storeFor('newer', store);
    await interleaving.run(
      {
        older: async () =>
          syncDescribedFlow(context(olderStore, T0), olderView, await readStoredFlow(olderStore, flowArn(name)), {
            refreshTags: false,
          }),
        newer: async () =>
          syncDescribedFlow(context(newerStore, T0), newerView, await readStoredFlow(newerStore, flowArn(name)), {
            refreshTags: false,
          }),
      },
      choose,
    );

    const aws = described(name, T0 + 3_000, [[name, 'out-1']]);
    await syncDescribedFlow(context(store, T0 + 3_000), aws, await readStoredFlow(store, flowArn(name)), {
      refreshTags: false,
    });
    await expectStoreEqualsAws(aws);
    return { trace: interleaving.trace };
  }

  it('keeps a removed output removed when the older poll writes after the newer refresh', async () => {
    // Prepare: the cycle stops after its read (it waits on ListTagsForResource), the refresh writes the newer tree.

    // Act
    const { trace } = await expectRaceHeals(olderPausedAfter(1));

    // Assess
    expect(trace.slice(0, 2)).toEqual(['older:get', 'newer:get']);
    expect(trace.indexOf('newer:commitTree')).toBeLessThan(trace.indexOf('older:claimTree'));
  });

  it('heals every interleaving where the older poll pauses at one store call and the refresh runs whole', async () => {
    for (let steps = 0; steps <= 12; steps++) {
      // Act + Assess
      await expectRaceHeals(olderPausedAfter(steps));
    }
  });

  it('heals every interleaving where the refresh pauses at one store call and the older poll runs whole', async () => {
    for (let steps = 0; steps <= 12; steps++) {
      // Act + Assess
      await expectRaceHeals(newerPausedAfter(steps));
    }
  });

  it('heals random interleavings of both writers at every store call', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), async (picks) => {
        // Act + Assess
        await expectRaceHeals((ready, step) =>
          ready.length === 1 ? (ready[0] as Writer) : picks[step] ? 'older' : 'newer',
        );
      }),
      { numRuns: 40, seed: 20261201 },
    );
  });

  it('rewrites a tree whose writer died after writing children, even when AWS went back to the stored tree', async () => {
    // Prepare: stored at T0; a write of T0+1s (out-1 disabled) dies before its commit; AWS is back to the T0 state.
    const name = `Crash${++flows}`;
    const initialOutputs: Parameters<typeof sdkOutput>[] = [[name, 'out-1']];
    await syncDescribedFlow(context(store, T0), described(name, T0, initialOutputs), undefined, { refreshTags: false });
    const dying: InventoryStore = Object.assign(Object.create(store) as StateStore, {
      commitTree: async () => {
        throw new Error('Task timed out');
      },
    });
    await expect(
      syncDescribedFlow(
        context(dying, T0),
        described(name, T0 + 1_000, [[name, 'out-1', { OutputStatus: 'DISABLED' }]]),
        await readStoredFlow(store, flowArn(name)),
        { refreshTags: false },
      ),
    ).rejects.toThrow('Task timed out');
    const aws = described(name, T0 + 2_000, initialOutputs);

    // Act
    const result = await syncDescribedFlow(
      context(store, T0 + 2_000),
      aws,
      await readStoredFlow(store, flowArn(name)),
      {
        refreshTags: false,
      },
    );

    // Assess
    expect(result.change).toBe('updated');
    await expectStoreEqualsAws(aws);
  });
});
