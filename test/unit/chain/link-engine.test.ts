import type { LinkRecord } from '../../../lambdas/chain/link-model';
import { CHAIN_LINKS_FIELD, foldLinksHash, LINKS_HASH_FIELD } from '../../../lambdas/chain/link-sync';
import { pollServiceInventory } from '../../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { GONE, InventoryKind, ServiceInventory } from '../../../lambdas/polling/resource-kind';
import { ENGINE_OWNED_FIELDS, TREE_ABANDONED } from '../../../lambdas/polling/tree-sync';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { contentHash } from '../../../lambdas/store/content-hash';
import { listPk, listSk, META_SK, resourcePk, ResourceType } from '../../../lambdas/store/keys';
import { ACCOUNT, ManualClock, REGION } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

/**
 * The engine's link mechanics over a fake service of two kinds: senders reference a key, receivers anchor it. What this
 * pins holds for every service whose kinds declare links.
 */

interface FakeClient {
  readonly config: { readonly region: () => Promise<string> };
}
const client: FakeClient = { config: { region: async () => REGION } };

interface Thing {
  status: string;
  /** Senders: the key they send to. Receivers: the key they listen on. */
  key?: string;
}

const arnOf = (type: string, name: string) => `arn:aws:fake:${REGION}:${ACCOUNT}:${type}/${name}`;
const SENDER = arnOf('sender', 's1');
const RECEIVER = arnOf('receiver', 'r1');

function fakeKind(
  things: Map<string, Thing>,
  type: ResourceType,
  side: 'sender' | 'receiver',
): InventoryKind<FakeClient, string> {
  return {
    service: 'mediapackage',
    type,
    poller: `fake-${side}s`,
    childPrefixes: [],
    ownedFields: ENGINE_OWNED_FIELDS,
    truncatableFields: [],
    async *listPages() {
      const arns = [...things.keys()].filter((arn) => arn.includes(`:${side}/`));
      yield { items: arns.map((arn) => ({ arn, name: arn.split('/').pop() as string, listed: arn })) };
    },
    async lookup(_ctx, arn) {
      return { arn, listed: arn };
    },
    async describe(ctx, listed) {
      const found = things.get(listed.arn);
      if (!found) return GONE;
      const version = ctx.clock.now();
      const name = listed.arn.split('/').pop() as string;
      const hash = contentHash({ name, ...found });
      return {
        tree: {
          meta: {
            pk: resourcePk(listed.arn),
            sk: META_SK,
            type,
            account: ctx.account,
            region: ctx.region,
            observedAt: new Date(version).toISOString(),
            version,
            gsi1pk: listPk(type, ctx.account, ctx.region),
            gsi1sk: listSk(name, listed.arn),
            arn: listed.arn,
            name,
            status: found.status,
            key: found.key,
            hash,
            treeHash: hash,
          },
          children: [],
        },
      };
    },
    links(tree) {
      const key = tree.meta.key as string | undefined;
      if (!key) return { anchors: [], references: [] };
      if (side === 'receiver') return { anchors: [key], references: [] };
      return {
        anchors: [],
        references: [
          { type: 'flow-output', role: 'upstream', target: { key }, evidence: { field: 'key', value: key } },
        ],
      };
    },
  };
}

describe('the inventory engine with link declarations', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let things: Map<string, Thing>;
  let deps: InventoryDeps<FakeClient>;
  let service: ServiceInventory<FakeClient>;

  const liveLinks = (arn: string) =>
    store
      .partition(resourcePk(arn))
      .filter((i) => i.sk.startsWith('LINK#') && i.tombstone !== true) as unknown as LinkRecord[];

  async function cycle() {
    clock.advance(60_000);
    return pollServiceInventory(deps, service, { accountId: ACCOUNT, sweepPerCycle: 0 });
  }

  beforeEach(() => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    things = new Map([
      [SENDER, { status: 'ACTIVE', key: 'net:10.0.0.1:5000' }],
      [RECEIVER, { status: 'ACTIVE', key: 'net:10.0.0.1:5000' }],
    ]);
    deps = {
      client,
      store,
      clock,
      limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
      wait: async (ms) => clock.advance(ms),
      random: () => 0.5,
    };
    const kinds = [
      fakeKind(things, 'mediapackage:channel', 'sender'),
      fakeKind(things, 'mediapackage:origin-endpoint', 'receiver'),
    ];
    service = {
      service: 'mediapackage',
      poller: 'fake-inventory',
      kinds,
      kindOf: (arn) => kinds.find((k) => arn.includes(k.poller.slice(5, -1))),
    };
  });

  it('links the two kinds in one cycle and counts the link writes in the cycle', async () => {
    // Act
    const [senders, receivers] = await cycle();

    // Assess
    expect(liveLinks(SENDER).map((l) => [l.otherArn, l.direction])).toEqual([[RECEIVER, 'downstream']]);
    expect(liveLinks(RECEIVER).map((l) => [l.otherArn, l.direction])).toEqual([[SENDER, 'upstream']]);
    // Sender: claim, index entry, commit. Receiver: claim, index entry, two link items, commit.
    expect(senders?.inventoryWrites).toBe(3);
    expect(receivers?.inventoryWrites).toBe(5);
  });

  it('writes nothing and reads nothing beyond the listing for unchanged resources with links', async () => {
    // Prepare
    await cycle();
    store.resetCounters();

    // Act
    const outcomes = await cycle();

    // Assess
    expect(outcomes.map((o) => o.inventoryWrites)).toEqual([0, 0]);
    expect(store.writes.filter((w) => !w.pk.startsWith('POLLER#'))).toEqual([]);
    // One GSI1 listing Query per kind; no link index Query, no partition read.
    expect(store.stats.queries).toBe(2);
  });

  it('folds the declarations into the stored tree hash, and keeps the kind hash for a resource that declares none', async () => {
    // Prepare
    things.set(arnOf('sender', 's2'), { status: 'ACTIVE' });

    // Act
    await cycle();

    // Assess
    const linked = store.item<Record<string, unknown>>(resourcePk(SENDER), META_SK);
    const bare = store.item<Record<string, unknown>>(resourcePk(arnOf('sender', 's2')), META_SK);
    expect(linked?.treeHash).toBe(foldLinksHash(linked?.hash as string, linked?.[LINKS_HASH_FIELD] as string));
    expect(bare?.treeHash).toBe(bare?.hash);
    expect(bare).not.toHaveProperty(LINKS_HASH_FIELD);
  });

  it('rewrites a resource whose declarations changed and moves its link', async () => {
    // Prepare
    await cycle();
    things.set(SENDER, { status: 'ACTIVE', key: 'net:10.0.0.2:5000' });
    things.set(arnOf('receiver', 'r2'), { status: 'ACTIVE', key: 'net:10.0.0.2:5000' });

    // Act
    const [senders] = await cycle();

    // Assess
    expect(senders?.changes).toMatchObject({ updated: 1 });
    expect(liveLinks(SENDER).map((l) => l.otherArn)).toEqual([arnOf('receiver', 'r2')]);
    expect(liveLinks(RECEIVER)).toEqual([]);
    expect(store.item<Record<string, unknown>>(resourcePk(SENDER), META_SK)?.[CHAIN_LINKS_FIELD]).toEqual([
      '.',
      JSON.stringify(['ref', 'flow-output', 'upstream', 'key', 'net:10.0.0.2:5000']),
    ]);
  });

  it('writes no link for a tree change that leaves the declarations alone', async () => {
    // Prepare
    await cycle();
    store.resetCounters();
    things.set(SENDER, { status: 'STANDBY', key: 'net:10.0.0.1:5000' });

    // Act
    const [senders] = await cycle();

    // Assess
    expect(senders?.changes).toMatchObject({ updated: 1 });
    expect(store.writes.filter((w) => !w.pk.startsWith('POLLER#')).map((w) => w.op)).toEqual(['claim', 'commit']);
  });

  it('drops the links of a resource the listing no longer has', async () => {
    // Prepare
    await cycle();
    things.delete(RECEIVER);

    // Act
    const [, receivers] = await cycle();

    // Assess
    expect(receivers?.changes).toMatchObject({ tombstoned: 1 });
    expect(liveLinks(SENDER)).toEqual([]);
    expect(store.item(resourcePk(RECEIVER), META_SK)).not.toHaveProperty(CHAIN_LINKS_FIELD);
  });

  it('records a failed link write as a warning, keeps the resource, and rewrites its links on the next poll', async () => {
    // Prepare
    store.failWritesFor = (key) => key.pk.startsWith('LINKKEY#');

    // Act
    const [failed] = await cycle();
    store.failWritesFor = undefined;
    const [retried] = await cycle();

    // Assess
    expect(failed).toMatchObject({ changes: { created: 1, failed: 0 }, warnings: 1 });
    expect(failed?.degraded[0]).toMatch(/^links: /);
    expect(retried?.changes).toMatchObject({ updated: 1 });
    expect(store.item<Record<string, unknown>>(resourcePk(SENDER), META_SK)?.treeHash).not.toBe(TREE_ABANDONED);
    expect(liveLinks(SENDER).map((l) => l.otherArn)).toEqual([RECEIVER]);
  });
});
