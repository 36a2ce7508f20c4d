import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { GONE, InventoryKind, ListedResource } from '../../../lambdas/polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../../../lambdas/polling/tree-sync';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { contentHash } from '../../../lambdas/store/content-hash';
import { listPk, listSk, META_SK, pollerPk, resourcePk, STATUS_SK } from '../../../lambdas/store/keys';
import type { PollerStatus } from '../../../lambdas/store/poller-status';
import { ACCOUNT, ManualClock, REGION } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

/**
 * A fake service for the rolling sweep's tests: resources listed 100 a page with a summary (`name`, `sourceType`),
 * described with a content field; every describe is recorded with the (manual) clock's time and takes `describeMs`.
 */

export interface SweepClient {
  readonly config: { readonly region: () => Promise<string> };
}

export interface SweepResource {
  name: string;
  status: string;
  sourceType: string;
  content: string;
}

export const SWEEP_POLLER = 'sweep-things';
export const SWEEP_TYPE = 'mediapackage:channel';
export const PAGE_SIZE = 100;

export const thingArn = (n: number): string => `arn:aws:fake:${REGION}:${ACCOUNT}:thing/t${String(n).padStart(4, '0')}`;

export class SweepWorld {
  readonly resources = new Map<string, SweepResource>();
  /** Every describe: the ARN and the clock's time when it was made. */
  readonly describes: { arn: string; atMs: number }[] = [];
  describeMs = 100;
  /** Called inside a describe, after the read and before the answer (to interleave another writer). */
  onDescribe?: (arn: string) => Promise<void>;

  constructor(readonly clock: ManualClock) {}

  add(count: number, from = 0): this {
    for (let n = from; n < from + count; n++)
      this.resources.set(thingArn(n), { name: `t${n}`, status: 'IDLE', sourceType: 'OWNED', content: 'v1' });
    return this;
  }

  page(index: number): ListedResource<string>[] {
    const arns = [...this.resources.keys()].sort().slice(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
    return arns.map((arn) => {
      const r = this.resources.get(arn) as SweepResource;
      return { arn, name: r.name, status: r.status, summary: { name: r.name, sourceType: r.sourceType }, listed: arn };
    });
  }

  async describe(arn: string): Promise<SweepResource | undefined> {
    this.describes.push({ arn, atMs: this.clock.now() });
    const found = this.resources.get(arn);
    const copy = found ? structuredClone(found) : undefined;
    this.clock.advance(this.describeMs);
    if (this.onDescribe) await this.onDescribe(arn);
    return copy;
  }

  /** ARNs described since `fromIndex` of `describes`, in order. */
  describedSince(fromIndex: number): string[] {
    return this.describes.slice(fromIndex).map((d) => d.arn);
  }
}

export function sweepKind(world: SweepWorld): InventoryKind<SweepClient, string> {
  return {
    service: 'mediapackage',
    type: SWEEP_TYPE,
    poller: SWEEP_POLLER,
    childPrefixes: [],
    ownedFields: [...ENGINE_OWNED_FIELDS, 'sourceType', 'content'],
    truncatableFields: [],
    listOperation: 'ListThings',
    async *listPages(ctx, startingToken) {
      for (let index = Number(startingToken ?? 0); ; index++) {
        const items = await ctx.budget.send('ListThings', async () => world.page(index));
        const more = items.length === PAGE_SIZE && world.resources.size > (index + 1) * PAGE_SIZE;
        yield { items, ...(more ? { nextToken: String(index + 1) } : {}) };
        if (!more) return;
      }
    },
    async lookup(_ctx, arn) {
      return { arn, listed: arn };
    },
    async describe(ctx, listed) {
      const observedAtMs = ctx.clock.now();
      const found = await ctx.budget.call('DescribeThing', () => world.describe(listed.arn));
      if (!found) return GONE;
      const hash = contentHash(found);
      const meta = {
        pk: resourcePk(listed.arn),
        sk: META_SK,
        type: SWEEP_TYPE,
        account: ctx.account,
        region: ctx.region,
        observedAt: new Date(observedAtMs).toISOString(),
        version: observedAtMs,
        gsi1pk: listPk(SWEEP_TYPE, ctx.account, ctx.region),
        gsi1sk: listSk(found.name, listed.arn),
        arn: listed.arn,
        ...found,
        hash,
        treeHash: contentHash({ hash }),
      };
      return { tree: { meta, children: [] } };
    },
  };
}

export const sweepClient: SweepClient = { config: { region: async () => REGION } };

export function sweepDeps(store: InMemoryInventoryStore, clock: ManualClock): InventoryDeps<SweepClient> {
  return {
    client: sweepClient,
    store,
    clock,
    limiter: new TokenBucket(10_000, 10_000, clock, async (ms) => clock.advance(ms)),
    wait: async (ms) => clock.advance(ms),
    random: () => 0.5,
    accountId: ACCOUNT,
  };
}

export const sweepStatus = (store: InMemoryInventoryStore): PollerStatus | undefined =>
  store.item<PollerStatus>(pollerPk(SWEEP_POLLER, ACCOUNT, REGION), STATUS_SK);

/** A small seeded PRNG (mulberry32), so a random simulation is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
