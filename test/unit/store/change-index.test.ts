import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { changeOf, changeStamp, keyMeaning, stampTime } from '../../../lambdas/store/change-index';
import {
  alarmPlacementPk,
  alarmSk,
  childSk,
  eventSk,
  eventsPk,
  LEASE_SK,
  linkSk,
  META_SK,
  metricsSk,
  PLACEMENT_SK,
  pollerPk,
  resourcePk,
  STATUS_SK,
} from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:Show`;
const SOURCE = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:1-abc:Main`;
const NOW = Date.parse('2026-12-02T10:00:00.123Z');
const CHG = `CHG#${ACCOUNT}#${REGION}`;

describe('changeStamp', () => {
  it.each([
    ['a resource #META item (and its tombstone)', { pk: resourcePk(FLOW), sk: META_SK }, 'resource'],
    ['a source', { pk: resourcePk(FLOW), sk: childSk('SOURCE', SOURCE) }, 'child'],
    ['an output', { pk: resourcePk(FLOW), sk: childSk('OUTPUT', SOURCE) }, 'child'],
    ['an entitlement', { pk: resourcePk(FLOW), sk: childSk('ENTITLEMENT', SOURCE) }, 'child'],
    ['a MediaLive pipeline', { pk: resourcePk(FLOW), sk: childSk('PIPELINE', '0') }, 'child'],
    ['a chain link', { pk: resourcePk(FLOW), sk: linkSk('DOWN', SOURCE, 'feeds') }, 'child'],
    ['an alarm item', { pk: resourcePk(FLOW), sk: alarmSk('flow-down') }, 'alarm'],
  ])('stamps %s in the state partition of its ARN', (_, key, kind) => {
    // Act
    const stamp = changeStamp(key, NOW);

    // Assess
    expect(stamp?.gsi2pk).toBe(CHG);
    expect(stamp?.gsi2sk).toMatch(/^2026-12-02T10:00:00\.123Z#[\w-]{12}$/);
    expect(keyMeaning(key)).toMatchObject({ kind, arn: FLOW, account: ACCOUNT, region: REGION });
  });

  it('stamps an alarm placement record and a poller status from the account and Region in their keys', () => {
    // Prepare
    const placement = { pk: alarmPlacementPk(ACCOUNT, REGION, 'flow#down'), sk: PLACEMENT_SK };
    const poller = { pk: pollerPk('mediaconnect-inventory', ACCOUNT, REGION), sk: STATUS_SK };

    // Act
    const stamps = [changeStamp(placement, NOW), changeStamp(poller, NOW)];

    // Assess
    expect(stamps.map((s) => s?.gsi2pk)).toEqual([CHG, CHG]);
    expect(keyMeaning(placement)).toEqual({ kind: 'alarm', account: ACCOUNT, region: REGION });
    expect(keyMeaning(poller)).toEqual({
      kind: 'poller',
      poller: 'mediaconnect-inventory',
      account: ACCOUNT,
      region: REGION,
    });
  });

  it('stamps an event history item in the event partition', () => {
    // Act
    const stamp = changeStamp({ pk: eventsPk(FLOW), sk: eventSk('2026-12-02T09:59:00.000Z', 'evt-1') }, NOW);

    // Assess
    expect(stamp?.gsi2pk).toBe(`EVT#${ACCOUNT}#${REGION}`);
  });

  it.each([
    ['a metrics item', { pk: resourcePk(FLOW), sk: metricsSk('FLOW', FLOW) }],
    ['a poller lease', { pk: pollerPk('mediaconnect-inventory', ACCOUNT, REGION), sk: LEASE_SK }],
    ['a raw message ring slot', { pk: 'RAW#sns', sk: 'SLOT#03' }],
    ['a dedup record', { pk: 'DEDUP#abc', sk: '#' }],
    ['an item under an unparseable ARN', { pk: 'RES#not-an-arn', sk: META_SK }],
  ])('does not stamp %s', (_, key) => {
    // Act
    const stamp = changeStamp(key, NOW);

    // Assess
    expect(stamp).toBeUndefined();
  });

  it('gives two items written in the same millisecond different, stable keys', () => {
    // Prepare
    const a = { pk: resourcePk(FLOW), sk: META_SK };
    const b = { pk: resourcePk(FLOW), sk: childSk('SOURCE', SOURCE) };

    // Act
    const [first, second, again] = [changeStamp(a, NOW), changeStamp(b, NOW), changeStamp(a, NOW)];

    // Assess
    expect(first?.gsi2sk).not.toBe(second?.gsi2sk);
    expect(again).toEqual(first);
  });
});

describe('changeOf', () => {
  it('decodes an index entry into the change the feed answers', () => {
    // Prepare
    const key = { pk: resourcePk(FLOW), sk: META_SK };
    const entry = { ...key, ...changeStamp(key, NOW), type: 'mediaconnect:flow' };

    // Act
    const change = changeOf(entry);

    // Assess
    expect(change).toEqual({
      kind: 'resource',
      arn: FLOW,
      type: 'mediaconnect:flow',
      account: ACCOUNT,
      region: REGION,
      at: '2026-12-02T10:00:00.123Z',
    });
  });

  it("names a poller's change by the poller and leaves out the arn", () => {
    // Prepare
    const key = { pk: pollerPk('metrics', ACCOUNT, REGION), sk: STATUS_SK };

    // Act
    const change = changeOf({ ...key, ...changeStamp(key, NOW), type: 'poller' });

    // Assess
    expect(change).toEqual({
      kind: 'poller',
      poller: 'metrics',
      account: ACCOUNT,
      region: REGION,
      at: new Date(NOW).toISOString(),
    });
  });

  it('skips an entry without keys', () => {
    // Act
    const change = changeOf({ gsi2sk: '2026-12-02T10:00:00.000Z#x' });

    // Assess
    expect(change).toBeUndefined();
  });
});

describe('StateStore stamps', () => {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
  );
  const ddb = mockClient(doc);
  let now = NOW;
  const store = new StateStore(doc, 'state', { now: () => now });
  const meta = { pk: resourcePk(FLOW), sk: META_SK };

  beforeEach(() => {
    ddb.reset();
    now = NOW;
  });

  it('stamps a put with the write time of its clock, not the observation time', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const observedAt = NOW - 60_000;

    // Act
    await store.putIfNewer({
      ...meta,
      type: 'mediaconnect:flow',
      account: ACCOUNT,
      region: REGION,
      observedAt: new Date(observedAt).toISOString(),
      version: observedAt,
    });

    // Assess
    const item = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(item.gsi2pk).toBe(CHG);
    expect(stampTime(item.gsi2sk as string)).toBe(new Date(NOW).toISOString());
  });

  it('stamps updates, commits, tombstones and placement-set additions in the same request', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: {} });
    ddb.on(PutCommand).resolves({});
    const placement = { pk: alarmPlacementPk(ACCOUNT, REGION, 'a'), sk: PLACEMENT_SK };

    // Act
    await store.updateIfNewer(meta, 2, { polling: { intervalSeconds: 60 } });
    await store.commitTree(meta, 2, { treeHash: 'h' });
    await store.addToSet(placement, 'owners', [FLOW]);
    await store.tombstoneIfNewer({ pk: resourcePk(FLOW), sk: childSk('SOURCE', SOURCE) }, 3, 99);

    // Assess
    const updates = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    for (const update of updates) {
      expect(Object.values(update.ExpressionAttributeNames ?? {})).toEqual(
        expect.arrayContaining(['gsi2pk', 'gsi2sk']),
      );
      expect(Object.values(update.ExpressionAttributeValues ?? {})).toContain(CHG);
    }
    expect(updates).toHaveLength(3);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ tombstone: true, gsi2pk: CHG });
  });

  it('stamps every history item of a batch write in its event partition', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({});
    const items = [1, 2].map((i) => ({ pk: eventsPk(FLOW), sk: eventSk('2026-12-02T09:00:00.000Z', `e${i}`) }));

    // Act
    await store.putAll(items);

    // Assess
    const written = ddb.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems!.state!;
    expect(written.map((w) => w.PutRequest?.Item?.gsi2pk)).toEqual([
      `EVT#${ACCOUNT}#${REGION}`,
      `EVT#${ACCOUNT}#${REGION}`,
    ]);
  });
});
