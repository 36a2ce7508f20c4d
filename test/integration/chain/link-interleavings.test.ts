import type { LinkDeclarations, LinkRecord } from '../../../lambdas/chain/link-model';
import { linkEntries, LinkedResource, LinkStore, syncLinks } from '../../../lambdas/chain/link-sync';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import type { InventoryKind, ResourceTree } from '../../../lambdas/polling/resource-kind';
import { ENGINE_OWNED_FIELDS, SyncContext, syncDescribed, TREE_ABANDONED } from '../../../lambdas/polling/tree-sync';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { contentHash } from '../../../lambdas/store/content-hash';
import { listPk, listSk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore } from '../emulator-env';

/**
 * Link derivation against dynalite: the real conditional writes, string-set ADD and DELETE, and strongly consistent
 * Queries, under the interleavings that matter: a stale writer after a newer removal, the two sides of a key written at
 * once, and two polls of one resource overlapping.
 */

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const arnOf = (kind: string, name: string) => `arn:aws:fake:${REGION}:${ACCOUNT}:${kind}/${name}`;

const refTo = (key: string): LinkDeclarations => ({
  anchors: [],
  references: [{ type: 'flow-output', role: 'upstream', target: { key }, evidence: { field: 'key', value: key } }],
});
const anchorOf = (key: string): LinkDeclarations => ({ anchors: [key], references: [] });
const none: LinkDeclarations = { anchors: [], references: [] };
const at = (arn: string, version: number): LinkedResource => ({ arn, account: ACCOUNT, region: REGION, version });

async function liveLinks(store: StateStore, arn: string): Promise<LinkRecord[]> {
  const items = await store.queryAll<LinkRecord & { tombstone?: boolean }>({
    pk: resourcePk(arn),
    skPrefix: 'LINK#',
    consistent: true,
  });
  return items.filter((i) => i.tombstone !== true);
}

/** Resolves once `parties` callers are waiting: forces two writers to the same point before either goes on. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++waiting >= parties) release();
    return all;
  };
}

describe('link derivation on dynalite', () => {
  let store: StateStore;

  beforeAll(async () => {
    ({ store } = await createTestStore('chain'));
  });

  it('never resurrects a link an older poll would write after a newer poll removed it', async () => {
    // Prepare
    const [flow, input, key] = [arnOf('flow', 'stale'), arnOf('input', 'stale'), 'net:10.1.0.1:5000'];
    await syncLinks(store, at(input, 1_000), anchorOf(key), { previous: [], rewrite: true });
    await syncLinks(store, at(flow, 2_000), refTo(key), { previous: [], rewrite: true });
    expect(await liveLinks(store, flow)).toHaveLength(1);
    await syncLinks(store, at(flow, 4_000), none, {
      previous: [...linkEntries(refTo(key), flow).keys()],
      rewrite: true,
    });

    // Act
    const stale = await syncLinks(store, at(flow, 3_000), refTo(key), { previous: [], rewrite: true });

    // Assess
    expect(stale.writes).toBe(0);
    expect(await liveLinks(store, flow)).toEqual([]);
    expect(await liveLinks(store, input)).toEqual([]);
  });

  it('links an anchor and a reference written at once, whichever reads the key first', async () => {
    for (let round = 0; round < 10; round++) {
      // Prepare
      const [flow, input, key] = [
        arnOf('flow', `race-${round}`),
        arnOf('input', `race-${round}`),
        `net:10.2.0.${round}:5000`,
      ];
      // Both index entries are written before either side reads the key partition.
      const bothWritten = barrier(2);
      const gated: LinkStore = {
        putIfNewer: (item) => store.putIfNewer(item),
        tombstoneIfNewer: (k, v, e) => store.tombstoneIfNewer(k, v, e),
        updateIfVersion: (k, v, f) => store.updateIfVersion(k, v, f),
        queryAll: async (options) => {
          if (round % 2 === 0) await bothWritten();
          return store.queryAll(options);
        },
      };

      // Act
      await Promise.all([
        syncLinks(gated, at(flow, 1_000 + round), refTo(key), { previous: [], rewrite: true }),
        syncLinks(gated, at(input, 2_000 + round), anchorOf(key), { previous: [], rewrite: true }),
      ]);

      // Assess
      expect((await liveLinks(store, flow)).map((l) => l.otherArn)).toEqual([input]);
      expect((await liveLinks(store, input)).map((l) => l.otherArn)).toEqual([flow]);
    }
  });

  describe('two polls of one resource through the engine', () => {
    const kind: InventoryKind<unknown, string> = {
      service: 'mediapackage',
      type: 'mediapackage:channel',
      poller: 'fake-senders',
      childPrefixes: [],
      ownedFields: ENGINE_OWNED_FIELDS,
      truncatableFields: [],
      async *listPages() {},
      lookup: async () => {
        throw new Error('not used');
      },
      describe: async () => {
        throw new Error('not used');
      },
      links: (tree) => refTo(tree.meta.key as string),
    };

    function tree(arn: string, version: number, key: string): ResourceTree {
      const hash = contentHash({ key });
      return {
        meta: {
          pk: resourcePk(arn),
          sk: META_SK,
          type: kind.type,
          account: ACCOUNT,
          region: REGION,
          observedAt: new Date(version).toISOString(),
          version,
          gsi1pk: listPk(kind.type, ACCOUNT, REGION),
          gsi1sk: listSk('sender', arn),
          arn,
          name: 'sender',
          key,
          hash,
          treeHash: hash,
        },
        children: [],
      };
    }

    function ctx(linkStore: StateStore): SyncContext<unknown> {
      return {
        client: {},
        budget: new RequestBudget(new TokenBucket(100, 100, systemClock)),
        clock: systemClock,
        account: ACCOUNT,
        region: REGION,
        store: linkStore,
        polledAt: new Date().toISOString(),
        tombstoneRetentionHours: 1,
      };
    }

    it('leaves exactly the newest declarations linked after an older poll overlaps a newer one', async () => {
      // Prepare
      const sender = arnOf('sender', 'overlap');
      const [inputA, inputB] = [arnOf('input', 'overlap-a'), arnOf('input', 'overlap-b')];
      const [keyA, keyB] = ['net:10.3.0.1:5000', 'net:10.3.0.2:5000'];
      await syncLinks(store, at(inputA, 1_000), anchorOf(keyA), { previous: [], rewrite: true });
      await syncLinks(store, at(inputB, 1_000), anchorOf(keyB), { previous: [], rewrite: true });
      // The older poll (key A) claims first, then stalls before its link writes until the newer one (key B) is done.
      let newerDone!: () => void;
      const newerFinished = new Promise<void>((resolve) => (newerDone = resolve));
      const stalling = Object.create(store) as StateStore;
      stalling.putIfNewer = async (item) => {
        if (item.pk.startsWith('LINKKEY#')) await newerFinished;
        return store.putIfNewer(item);
      };
      const older = syncDescribed(ctx(stalling), kind, { tree: tree(sender, 10_000, keyA) }, undefined, {
        refresh: false,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));

      // Act
      await syncDescribed(ctx(store), kind, { tree: tree(sender, 20_000, keyB) }, undefined, { refresh: false });
      newerDone();
      await older;
      const meta = await store.get<Record<string, unknown>>({ pk: resourcePk(sender), sk: META_SK }, true);
      // A marked tree is rewritten by the next poll, which finds the older poll's entry in `chainLinks`.
      if (meta?.treeHash === TREE_ABANDONED)
        await syncDescribed(
          ctx(store),
          kind,
          { tree: tree(sender, 30_000, keyB) },
          { arn: sender, treeHash: TREE_ABANDONED },
          {
            refresh: false,
          },
        );

      // Assess
      expect((await liveLinks(store, sender)).map((l) => l.otherArn)).toEqual([inputB]);
      expect(await liveLinks(store, inputA)).toEqual([]);
      expect((await liveLinks(store, inputB)).map((l) => l.otherArn)).toEqual([sender]);
    });
  });
});
