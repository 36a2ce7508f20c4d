import { INVENTORIES } from '../../../lambdas/registry/inventories';
import { pollInventoryKind, pollServiceInventory } from '../../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import {
  BuiltRecord,
  GONE,
  InventoryKind,
  ListedResource,
  ServiceInventory,
} from '../../../lambdas/polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../../../lambdas/polling/tree-sync';
import { ValidationError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { contentHash } from '../../../lambdas/store/content-hash';
import { listPk, listSk, META_SK, pollerPk, resourcePk, ResourceType, STATUS_SK } from '../../../lambdas/store/keys';
import type { PollerStatus } from '../../../lambdas/store/poller-status';
import { ACCOUNT, ManualClock, REGION } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

/**
 * The engine's mechanics on a fake service (no SDK): two kinds of resources with parts as children. What these tests
 * pin holds for every service, because the services only declare how to list, describe and build records.
 */

interface FakeClient {
  readonly config: { readonly region: () => Promise<string> };
}
const client: FakeClient = { config: { region: async () => REGION } };

interface FakeResource {
  name: string;
  status: string;
  parts: Record<string, string>;
}

/** A fake AWS: resources per ARN, listed two a page; describes take `describeMs` of the manual clock. */
class FakeWorld {
  readonly resources = new Map<string, FakeResource>();
  /** The listing page (0-based) that fails with AccessDenied. */
  failPage?: number;
  describeMs = 0;
  readonly described: string[] = [];

  constructor(private readonly clock: ManualClock) {}

  add(arn: string, resource: Partial<FakeResource> = {}): this {
    this.resources.set(arn, { name: arn.split('/').pop() as string, status: 'IDLE', parts: { a: '1' }, ...resource });
    return this;
  }

  page(index: number): ListedResource<string>[] | undefined {
    if (index === this.failPage) throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    const arns = [...this.resources.keys()].sort().slice(index * 2, index * 2 + 2);
    return arns.length || index === 0
      ? arns.map((arn) => {
          const r = this.resources.get(arn) as FakeResource;
          return { arn, name: r.name, status: r.status, listed: arn };
        })
      : undefined;
  }

  describe(arn: string): FakeResource | undefined {
    this.described.push(arn);
    this.clock.advance(this.describeMs);
    const found = this.resources.get(arn);
    return found ? structuredClone(found) : undefined;
  }
}

const arnOf = (type: string, name: string) => `arn:aws:fake:${REGION}:${ACCOUNT}:${type}/${name}`;

function fakeKind(
  world: FakeWorld,
  type: ResourceType,
  poller: string,
  extra: Partial<InventoryKind<FakeClient, string>> = {},
): InventoryKind<FakeClient, string> {
  return {
    service: 'mediapackage',
    type,
    poller,
    childPrefixes: ['PART#'],
    ownedFields: ENGINE_OWNED_FIELDS,
    truncatableFields: [],
    listOperation: 'ListThings',
    async *listPages(ctx, startingToken) {
      for (let index = Number(startingToken ?? 0); ; index++) {
        const items = await ctx.budget.send('ListThings', async () => world.page(index));
        if (!items) return;
        yield { items, nextToken: String(index + 1) };
      }
    },
    async lookup(_ctx, arn) {
      return { arn, listed: arn };
    },
    async describe(ctx, listed) {
      const observedAtMs = ctx.clock.now();
      const found = await ctx.budget.call('DescribeThing', async () => world.describe(listed.arn));
      if (!found) return GONE;
      const common = {
        pk: resourcePk(listed.arn),
        account: ctx.account,
        region: ctx.region,
        observedAt: new Date(observedAtMs).toISOString(),
        version: observedAtMs,
      };
      const children: BuiltRecord[] = Object.entries(found.parts).map(([id, content]) => ({
        ...common,
        sk: `PART#${id}`,
        type: 'part',
        content,
        hash: contentHash({ id, content }),
      }));
      const hash = contentHash({ name: found.name, status: found.status });
      const treeHash = contentHash({ hash, children: children.map((c) => c.hash).sort() });
      const meta = {
        ...common,
        sk: META_SK,
        type,
        gsi1pk: listPk(type, ctx.account, ctx.region),
        gsi1sk: listSk(found.name, listed.arn),
        arn: listed.arn,
        name: found.name,
        status: found.status,
        hash,
        treeHash,
      };
      return { tree: { meta, children } };
    },
    ...extra,
  };
}

describe('the inventory engine', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let world: FakeWorld;
  let deps: InventoryDeps<FakeClient>;
  let things: InventoryKind<FakeClient, string>;
  const options = { accountId: ACCOUNT, sweepPerCycle: 0 };
  const inventoryWrites = () => store.writes.filter((w) => !w.pk.startsWith('POLLER#'));
  const meta = (name: string) => store.item<Record<string, unknown>>(resourcePk(arnOf('thing', name)), META_SK);

  beforeEach(() => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    world = new FakeWorld(clock).add(arnOf('thing', 'a')).add(arnOf('thing', 'b')).add(arnOf('thing', 'c'));
    deps = {
      client,
      store,
      clock,
      limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
      wait: async (ms) => clock.advance(ms),
      random: () => 0.5,
    };
    things = fakeKind(world, 'mediapackage:channel', 'fake-things');
  });

  async function cycle(kind = things, overrides: Partial<Parameters<typeof pollInventoryKind>[2]> = {}) {
    clock.advance(60_000);
    return pollInventoryKind(deps, kind, { ...options, ...overrides });
  }

  it('stores every listed resource across listing pages, with its children, under the kind poller status', async () => {
    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({
      poller: 'fake-things',
      resourceType: 'mediapackage:channel',
      listing: 'complete',
      resourcesListed: 3,
      changes: { created: 3, failed: 0 },
      calls: { ListThings: 3, DescribeThing: 3 },
    });
    expect(meta('a')).toMatchObject({ status: 'IDLE', lastPolledAt: outcome.startedAt });
    expect(store.item(resourcePk(arnOf('thing', 'a')), 'PART#a')).toMatchObject({ content: '1' });
    expect(store.item<PollerStatus>(pollerPk('fake-things', ACCOUNT, REGION), STATUS_SK)?.lastCycle).toMatchObject({
      resourcesListed: 3,
    });
  });

  it('writes zero inventory items when nothing changed', async () => {
    // Prepare
    await cycle();
    store.resetCounters();

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome.inventoryWrites).toBe(0);
    expect(outcome.changes).toMatchObject({ unchanged: 3, created: 0, updated: 0 });
    expect(inventoryWrites()).toEqual([]);
  });

  it('tombstones a resource only after a complete listing no longer has it', async () => {
    // Prepare
    await cycle();
    world.resources.delete(arnOf('thing', 'b'));

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({ listing: 'complete', changes: { tombstoned: 1, unchanged: 2 } });
    expect(meta('b')).toMatchObject({ status: 'DELETED', tombstone: true });
    expect(store.item(resourcePk(arnOf('thing', 'b')), 'PART#a')).toHaveProperty('expiresAt');
  });

  it('deletes and tombstones nothing when a listing page fails, and records the failure', async () => {
    // Prepare: the second page (c) fails, and b is gone.
    await cycle();
    world.resources.delete(arnOf('thing', 'b'));
    world.failPage = 1;
    store.resetCounters();

    // Act
    const outcome = await cycle();

    // Assess
    expect(outcome).toMatchObject({ listing: 'incomplete', changes: { tombstoned: 0 } });
    expect(outcome.errors).toEqual([expect.stringContaining('ListThings: AccessDeniedException')]);
    expect(meta('b')).not.toHaveProperty('tombstone');
    expect(store.writes.filter((w) => w.op === 'delete' || w.op === 'tombstone')).toEqual([]);
  });

  it('records a failed afterSync as a warning, never as a failed resource, and counts its writes', async () => {
    // Prepare
    const seen: string[] = [];
    const kind = fakeKind(world, 'mediapackage:channel', 'fake-things', {
      async afterSync(_ctx, tree) {
        seen.push(tree.meta.arn);
        if (tree.meta.name === 'b') throw new Error('ListAlerts is not implemented');
        if (tree.meta.name === 'c') return { writes: 0, degraded: 'ListAlerts forbidden' };
        return { writes: 2 };
      },
    });

    // Act
    const outcome = await cycle(kind);

    // Assess
    expect(seen).toHaveLength(3);
    expect(outcome.changes).toMatchObject({ created: 3, failed: 0 });
    expect(outcome.failedResources).toEqual([]);
    expect(outcome.warnings).toBe(2);
    expect(outcome.degraded).toEqual(
      expect.arrayContaining([expect.stringContaining('ListAlerts is not implemented'), 'ListAlerts forbidden']),
    );
    // 3 resources × (claim + 1 part + commit) + a's afterSync.
    expect(outcome.inventoryWrites).toBe(3 * 3 + 2);
  });

  it('runs the kinds of a service in order within one deadline: the later kind gets the time left', async () => {
    // Prepare: each describe takes 10 s; 60 s left, no margin. Four things, then four widgets.
    world = new FakeWorld(clock);
    for (const name of ['t1', 't2', 't3', 't4']) world.add(arnOf('thing', name));
    for (const name of ['w1', 'w2', 'w3', 'w4']) world.add(arnOf('widget', name));
    world.describeMs = 10_000;
    const onlyOf = (prefix: string) => ({
      async *listPages() {
        const items = [...world.resources.entries()]
          .filter(([arn]) => arn.includes(`:${prefix}/`))
          .map(([arn, r]) => ({ arn, name: r.name, status: r.status, listed: arn }));
        yield { items };
      },
    });
    const service: ServiceInventory<FakeClient> = {
      service: 'mediapackage',
      poller: 'fake-inventory',
      kinds: [
        fakeKind(world, 'mediapackage:channel', 'fake-things', onlyOf('thing')),
        fakeKind(world, 'mediapackage:origin-endpoint', 'fake-widgets', onlyOf('widget')),
      ],
      kindOf: () => undefined,
    };

    // Act
    const [thingsOutcome, widgetsOutcome] = await pollServiceInventory(deps, service, {
      ...options,
      describeConcurrency: 1,
      deadlineMs: clock.now() + 60_000,
      safetyMarginMs: 0,
    });

    // Assess
    expect(thingsOutcome?.pass).toMatchObject({ complete: true, describedThisRun: 4, remaining: 0 });
    expect(widgetsOutcome?.pass).toMatchObject({ complete: false, describedThisRun: 2, remaining: 2 });
    expect(store.item(pollerPk('fake-things', ACCOUNT, REGION), STATUS_SK)).toBeDefined();
    expect(store.item<PollerStatus>(pollerPk('fake-widgets', ACCOUNT, REGION), STATUS_SK)?.pass).toMatchObject({
      complete: false,
    });
  });
});

describe('createRefresher', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let world: FakeWorld;
  let deps: InventoryDeps<FakeClient>;
  let service: ServiceInventory<FakeClient>;
  // moto's MediaLive ARNs look like this: no region, no account.
  const regionless = 'arn:aws:fake:thing:0a1b2c';

  beforeEach(() => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    world = new FakeWorld(clock).add(regionless, { name: 'moto' }).add(arnOf('thing', 'a'));
    deps = {
      client,
      store,
      clock,
      limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
      accountId: ACCOUNT,
    };
    const kind = fakeKind(world, 'mediapackage:channel', 'fake-things');
    service = {
      service: 'mediapackage',
      poller: 'fake-inventory',
      kinds: [kind],
      kindOf: (arn) => (arn.includes(':thing') ? kind : undefined),
    };
  });

  it('stores a resource whose ARN names no region or account in the configured account', async () => {
    // Act
    const outcome = await createRefresher(deps, service)(regionless);

    // Assess
    expect(outcome).toMatchObject({ arn: regionless, change: 'created', calls: { DescribeThing: 1 } });
    expect(store.item(resourcePk(regionless), META_SK)).toMatchObject({
      account: ACCOUNT,
      region: REGION,
      gsi1pk: listPk('mediapackage:channel', ACCOUNT, REGION),
    });
  });

  it('answers unchanged with no write for a resource stored as it is, and tombstones one that is gone', async () => {
    // Prepare
    const refresh = createRefresher(deps, service);
    await refresh(arnOf('thing', 'a'));
    store.resetCounters();

    // Act
    const again = await refresh(arnOf('thing', 'a'));
    world.resources.delete(arnOf('thing', 'a'));
    const gone = await refresh(arnOf('thing', 'a'));

    // Assess
    expect(again).toMatchObject({ change: 'unchanged', writes: 0 });
    expect(gone).toMatchObject({ change: 'tombstoned' });
  });

  it('answers not-found for a resource neither AWS nor the store knows', async () => {
    // Act
    const outcome = await createRefresher(deps, service)(arnOf('thing', 'nobody'));

    // Assess
    expect(outcome).toMatchObject({ change: 'not-found', writes: 0 });
    expect(store.writes).toEqual([]);
  });

  it('refuses an ARN no kind of the service polls, and one of another region', async () => {
    // Act
    const refresh = createRefresher(deps, service);

    // Assess
    await expect(refresh(arnOf('widget', 'w'))).rejects.toBeInstanceOf(ValidationError);
    await expect(refresh(arnOf('thing', 'a').replace(REGION, 'us-east-1'))).rejects.toBeInstanceOf(ValidationError);
    expect(world.described).toEqual([]);
  });
});

describe.each(INVENTORIES.map((inventory) => [inventory.service, inventory] as const))(
  'the registered %s inventory',
  (_service, inventory) => {
    it('declares kinds the engine can write: engine fields owned, child prefixes, distinct pollers', () => {
      // Assess
      expect(inventory.kinds.length).toBeGreaterThan(0);
      for (const kind of inventory.kinds) {
        expect(kind.service).toBe(inventory.service);
        expect(kind.ownedFields).toEqual(expect.arrayContaining([...ENGINE_OWNED_FIELDS]));
        expect(kind.childPrefixes.every((prefix) => /^[A-Z_]+#$/.test(prefix))).toBe(true);
      }
      const pollers = inventory.kinds.map((k) => k.poller);
      expect(new Set(pollers).size).toBe(pollers.length);
      // A one-kind service records its status under the service's poller (MediaConnect's `mediaconnect-inventory`).
      if (pollers.length === 1) expect(pollers).toEqual([inventory.poller]);
    });
  },
);
