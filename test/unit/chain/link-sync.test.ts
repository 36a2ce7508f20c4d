import { networkKey, urlKey } from '../../../lambdas/chain/link-keys';
import type { LinkDeclarations, LinkRecord } from '../../../lambdas/chain/link-model';
import {
  dropLinks,
  entryId,
  LinkedResource,
  linkEntries,
  linkItemSk,
  syncLinks,
} from '../../../lambdas/chain/link-sync';
import { linkSk, resourcePk } from '../../../lambdas/store/keys';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

/** Link derivation against a store double with DynamoDB's conditional-write semantics. */

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:Contribution`;
const INPUT = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:2001001`;
const INPUT_B = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:2001002`;
const CHANNEL = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:3001001`;
const PACKAGER = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/abc123`;
const NET = networkKey('52.18.1.10', 5000) as string;
const URL_KEY = urlKey('https://abc.mediapackage.eu-west-1.amazonaws.com/in/v2/abc123/abc123/channel') as string;

const at = (arn: string, version: number, place: Partial<LinkedResource> = {}): LinkedResource => ({
  arn,
  account: ACCOUNT,
  region: REGION,
  version,
  ...place,
});

const flowToNet: LinkDeclarations = {
  anchors: [],
  references: [
    {
      type: 'flow-output',
      role: 'upstream',
      target: { key: NET },
      evidence: { field: 'outputs[].destination', value: '52.18.1.10:5000' },
    },
  ],
};
const anchorsNet: LinkDeclarations = { anchors: [NET], references: [] };
const none: LinkDeclarations = { anchors: [], references: [] };

/** The live link items of a resource partition. */
function links(store: InMemoryInventoryStore, arn: string): LinkRecord[] {
  return store
    .partition(resourcePk(arn))
    .filter((i) => i.sk.startsWith('LINK#') && i.tombstone !== true) as unknown as LinkRecord[];
}

/** Syncs declarations the way the engine does: the previous entries are what the resource declared last time. */
async function declare(
  store: InMemoryInventoryStore,
  resource: LinkedResource,
  declarations: LinkDeclarations,
  previous: LinkDeclarations = none,
) {
  return syncLinks(store, resource, declarations, {
    previous: [...linkEntries(previous, resource.arn).keys()],
    rewrite: true,
  });
}

describe('syncLinks', () => {
  let store: InMemoryInventoryStore;

  beforeEach(() => {
    store = new InMemoryInventoryStore();
  });

  it.each([
    ['the reference first', true],
    ['the anchor first', false],
  ])('links a key reference to its anchor with %s', async (_order, referenceFirst) => {
    // Act
    if (referenceFirst) {
      await declare(store, at(FLOW, 1_000), flowToNet);
      await declare(store, at(INPUT, 2_000), anchorsNet);
    } else {
      await declare(store, at(INPUT, 2_000), anchorsNet);
      await declare(store, at(FLOW, 1_000), flowToNet);
    }

    // Assess
    expect(links(store, FLOW)).toEqual([
      expect.objectContaining({
        sk: linkItemSk('DOWN', INPUT, 'flow-output', NET),
        otherArn: INPUT,
        direction: 'downstream',
        linkType: 'flow-output',
        declaredBy: FLOW,
        viaKey: NET,
        evidence: { field: 'outputs[].destination', value: '52.18.1.10:5000' },
        version: 3_000,
      }),
    ]);
    expect(links(store, INPUT)).toEqual([
      expect.objectContaining({
        sk: linkItemSk('UP', FLOW, 'flow-output', NET),
        otherArn: FLOW,
        direction: 'upstream',
      }),
    ]);
    expect(links(store, FLOW)[0]).not.toHaveProperty('ambiguous');
    expect(links(store, FLOW)[0]).not.toHaveProperty('remote');
  });

  it('links an ARN reference at once, stored under linkSk in both ends, though the other end is not stored', async () => {
    // Act
    const result = await declare(store, at(CHANNEL, 1_000), {
      anchors: [],
      references: [
        {
          type: 'input-attachment',
          role: 'downstream',
          target: { arn: INPUT },
          evidence: { field: 'inputAttachments[].inputArn', value: INPUT },
        },
      ],
    });

    // Assess
    expect(result.writes).toBe(2);
    expect(links(store, INPUT)).toEqual([
      expect.objectContaining({ sk: linkSk('DOWN', CHANNEL, 'input-attachment'), declaredBy: CHANNEL, version: 1_000 }),
    ]);
    expect(links(store, CHANNEL)).toEqual([
      expect.objectContaining({ sk: linkSk('UP', INPUT, 'input-attachment'), direction: 'upstream' }),
    ]);
    expect(links(store, CHANNEL)[0]).not.toHaveProperty('viaKey');
  });

  it('links every anchor of a key with more than one, marks each ambiguous, and unmarks the one left', async () => {
    // Prepare
    await declare(store, at(FLOW, 1_000), flowToNet);
    await declare(store, at(INPUT, 2_000), anchorsNet);

    // Act
    await declare(store, at(INPUT_B, 3_000), anchorsNet);
    const bothAnchored = links(store, FLOW);
    await declare(store, at(INPUT_B, 4_000), none, anchorsNet);

    // Assess
    expect(bothAnchored.map((l) => [l.otherArn, l.ambiguous])).toEqual([
      [INPUT, true],
      [INPUT_B, true],
    ]);
    expect(links(store, FLOW).map((l) => [l.otherArn, l.ambiguous])).toEqual([[INPUT, false]]);
    expect(links(store, INPUT_B)).toEqual([]);
  });

  it('marks a link remote in each end whose other end is in another account or region', async () => {
    // Prepare
    const otherRegionInput = `arn:aws:medialive:us-east-1:${ACCOUNT}:input:2009`;

    // Act
    await declare(store, at(FLOW, 1_000), {
      anchors: [],
      references: [
        {
          type: 'flow-output',
          role: 'upstream',
          target: { arn: otherRegionInput },
          evidence: { field: 'outputs[].mediaLiveInputArn', value: otherRegionInput },
        },
      ],
    });
    await declare(store, at(CHANNEL, 1_000), {
      anchors: [],
      references: [
        {
          type: 'package-ingest',
          role: 'upstream',
          target: { key: URL_KEY },
          evidence: { field: 'destinations[].urls', value: 'https://abc.mediapackage…' },
        },
      ],
    });
    await declare(store, at(PACKAGER, 2_000, { account: '444455556666' }), { anchors: [URL_KEY], references: [] });

    // Assess
    expect(links(store, FLOW)[0]?.remote).toEqual({ region: 'us-east-1' });
    expect(links(store, otherRegionInput)[0]?.remote).toEqual({ region: REGION });
    expect(links(store, CHANNEL)[0]).toMatchObject({ otherArn: PACKAGER, remote: { account: '444455556666' } });
    expect(links(store, PACKAGER)[0]).toMatchObject({ otherArn: CHANNEL, remote: { account: ACCOUNT } });
  });

  it('takes an ARN that names no region or account (moto) as local', async () => {
    // Act
    await declare(store, at(CHANNEL, 1_000), {
      anchors: [],
      references: [
        {
          type: 'input-attachment',
          role: 'downstream',
          target: { arn: 'arn:aws:medialive:input:1234' },
          evidence: { field: 'inputAttachments[].inputArn', value: 'arn:aws:medialive:input:1234' },
        },
      ],
    });

    // Assess
    expect(links(store, CHANNEL)[0]).not.toHaveProperty('remote');
    expect(links(store, 'arn:aws:medialive:input:1234')[0]).toMatchObject({ account: ACCOUNT, region: REGION });
  });

  it('removes both ends of a link when the reference vanishes, and tombstones its index entry', async () => {
    // Prepare
    await declare(store, at(FLOW, 1_000), flowToNet);
    await declare(store, at(INPUT, 2_000), anchorsNet);

    // Act
    const result = await declare(store, at(FLOW, 3_000), none, flowToNet);

    // Assess
    expect(result.removed).toEqual([...linkEntries(flowToNet, FLOW).keys()]);
    expect(links(store, FLOW)).toEqual([]);
    expect(links(store, INPUT)).toEqual([]);
    expect(store.partition(`LINKKEY#${NET}`).find((i) => i.sk.startsWith('REF#'))).toMatchObject({ tombstone: true });
  });

  it('removes both ends of a link when the anchor vanishes', async () => {
    // Prepare
    await declare(store, at(FLOW, 1_000), flowToNet);
    await declare(store, at(INPUT, 2_000), anchorsNet);

    // Act
    await declare(store, at(INPUT, 3_000), none, anchorsNet);

    // Assess
    expect(links(store, FLOW)).toEqual([]);
    expect(links(store, INPUT)).toEqual([]);
  });

  it('keeps the link an older poll of the reference would re-create after a newer poll removed it', async () => {
    // Prepare
    await declare(store, at(INPUT, 2_000), anchorsNet);
    await declare(store, at(FLOW, 5_000), none, flowToNet);

    // Act
    const stale = await declare(store, at(FLOW, 3_000), flowToNet);

    // Assess
    expect(stale.writes).toBe(0);
    expect(links(store, FLOW)).toEqual([]);
    expect(links(store, INPUT)).toEqual([]);
  });

  it('keeps a link another key still makes when one of two keys between the same resources vanishes', async () => {
    // Prepare
    const NET_B = networkKey('52.18.2.20', 5000) as string;
    const twoOutputs: LinkDeclarations = {
      anchors: [],
      references: [NET, NET_B].map((key) => ({
        type: 'flow-output' as const,
        role: 'upstream' as const,
        target: { key },
        evidence: { field: 'outputs[].destination', value: key },
      })),
    };
    await declare(store, at(FLOW, 1_000), twoOutputs);
    await declare(store, at(INPUT, 2_000), { anchors: [NET, NET_B], references: [] });

    // Act
    await declare(
      store,
      at(INPUT, 3_000),
      { anchors: [NET_B], references: [] },
      { anchors: [NET, NET_B], references: [] },
    );

    // Assess
    expect(links(store, FLOW).map((l) => [l.otherArn, l.viaKey])).toEqual([[INPUT, NET_B]]);
  });
});

describe('dropLinks', () => {
  it('removes every link and index entry a tombstoned resource declared', async () => {
    // Prepare
    const store = new InMemoryInventoryStore();
    await declare(store, at(FLOW, 1_000), flowToNet);
    const inputDeclares: LinkDeclarations = {
      anchors: [NET],
      references: [
        { type: 'flow-input', role: 'downstream', target: { arn: FLOW }, evidence: { field: 'f', value: FLOW } },
      ],
    };
    await declare(store, at(INPUT, 2_000), inputDeclares);
    expect(links(store, FLOW)).toHaveLength(2);

    // Act
    const writes = await dropLinks(store, at(INPUT, 3_000), [...linkEntries(inputDeclares, INPUT).keys()]);

    // Assess
    expect(writes).toBe(5);
    expect(links(store, FLOW)).toEqual([]);
    expect(links(store, INPUT)).toEqual([]);
    expect(store.partition(`LINKKEY#${NET}`).find((i) => i.sk.startsWith('ANCHOR#'))).toMatchObject({
      tombstone: true,
    });
  });
});

describe('linkEntries', () => {
  it('keeps one entry per target, type and role, and drops references to the resource itself', () => {
    // Act
    const entries = linkEntries(
      {
        anchors: [NET, NET],
        references: [
          { type: 'flow-input', role: 'downstream', target: { arn: FLOW }, evidence: { field: 'a', value: '1' } },
          { type: 'flow-input', role: 'downstream', target: { arn: FLOW }, evidence: { field: 'b', value: '2' } },
          { type: 'flow-input', role: 'downstream', target: { arn: INPUT }, evidence: { field: 'c', value: '3' } },
        ],
      },
      INPUT,
    );

    // Assess
    expect([...entries.keys()]).toEqual([
      entryId({ kind: 'anchor', key: NET }),
      entryId({ kind: 'ref', type: 'flow-input', role: 'downstream', target: { arn: FLOW } }),
    ]);
  });
});
